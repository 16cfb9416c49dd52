import type { Span } from '../../core/rules/rule-result.ts';

/** Escapes text for Telegram's HTML parse mode (also safe inside a quoted attribute). */
export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Moves an offset off the middle of a surrogate pair (to the pair's start). */
function snap(text: string, i: number): number {
  return i > 0 && i < text.length && isLow(text.charCodeAt(i)) ? i - 1 : i;
}

/**
 * Sorts, clamps and merges spans (offsets into `text`, end exclusive) so they can be marked without
 * nesting; a span that would split an emoji is widened to the whole character.
 */
export function normalizeSpans(text: string, spans: readonly Span[]): Span[] {
  const cleaned = spans
    .map((s) => {
      const start = snap(text, Math.max(0, Math.min(text.length, Math.trunc(s.start))));
      let end = Math.max(0, Math.min(text.length, Math.trunc(s.end)));
      if (end > 0 && end < text.length && isLow(text.charCodeAt(end))) end += 1;
      return { start, end };
    })
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of cleaned) {
    const last = out.at(-1);
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/**
 * Renders a comment as Telegram HTML with the matched fragments marked bold-underlined. Text longer
 * than `maxChars` is cut to a window that starts shortly before the first match, with «…» marks.
 *
 * @example markSpans('ты <дурак>', [{ start: 4, end: 9 }]) === 'ты &lt;<b><u>дурак</u></b>&gt;'
 */
export function markSpans(text: string, spans: readonly Span[], maxChars = 2500): string {
  const all = normalizeSpans(text, spans);
  let from = 0;
  let to = text.length;
  if (text.length > maxChars) {
    const first = all[0]?.start ?? 0;
    from = snap(text, Math.max(0, Math.min(first - Math.floor(maxChars / 5), text.length - maxChars)));
    to = snap(text, Math.min(text.length, from + maxChars));
  }
  let html = from > 0 ? '…' : '';
  let pos = from;
  for (const s of all) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    html += escapeHtml(text.slice(pos, start)) + '<b><u>' + escapeHtml(text.slice(start, end)) + '</u></b>';
    pos = end;
  }
  html += escapeHtml(text.slice(pos, to));
  if (to < text.length) html += '…';
  return html;
}

/** Cuts plain text to `max` characters with «…», without splitting a surrogate pair. */
export function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, snap(s, max - 1))}…`;
}
