import { createHash } from 'node:crypto';
import { RuleFileError } from '../rules/rule-file-error.ts';
import type { Span } from '../rules/rule-result.ts';
import { WordListIndex } from './word-list-index.ts';
import { LiteralTable, requiredLiterals, TextLiterals, type LiteralIds } from '../rules/required-literals.ts';
import { lineOf } from '../rules/located-yaml.ts';
import { normalize } from '../text/normalize.ts';
import { toOriginalSpan, type NormalizedText } from '../text/normalized-text.ts';
import { OTHER_TOPIC, type AppealDetection, type AppealKind } from './appeal-detection.ts';
import {
  parseAppealRules,
  type Located,
  type ParsedAppealRules,
  type SignalDef,
} from './appeal-rules-file.ts';

interface CompiledPattern {
  readonly re: RegExp;
  /** Literals a match needs (ids in the detector's table): without them the regex is not run. */
  readonly needs: LiteralIds;
}

interface Matcher {
  /** This matcher's word list in the detector's word index. */
  readonly listId: number;
  readonly patterns: readonly CompiledPattern[];
}

interface CompiledSignal extends Matcher {
  readonly id: string;
  readonly kind: AppealKind | 'not_appeal';
  readonly weight: number;
  readonly requiresTopic: boolean;
  readonly reason: string;
}

interface CompiledTopic extends Matcher {
  readonly id: string;
  readonly name: string;
  readonly problemWeight: number;
}

/** A compiled, immutable appeal detector; safe to share between concurrent jobs. */
export interface AppealDetector {
  /** sha256 of the topics file (first 12 hex digits), recorded with every detection. */
  readonly version: string;
  readonly file: string;
  readonly settings: ParsedAppealRules['settings'];
  readonly signals: readonly CompiledSignal[];
  readonly topics: readonly CompiledTopic[];
  readonly words: WordListIndex;
  /** All literals the patterns need, in `LiteralTable` id order. */
  readonly literals: readonly string[];
}

function compileMatcher(
  words: WordListIndex,
  literals: LiteralTable,
  d: { words: readonly string[]; patterns: readonly string[] },
): Matcher {
  const patterns = d.patterns.map((p) => ({
    re: new RegExp(p, 'gu'),
    needs: literals.intern(requiredLiterals(p)),
  }));
  return { listId: words.add(d.words), patterns };
}

/** Adds the non-empty matches of the global regex `re` to `hits` as start, end pairs (as `matchAll` finds them). */
function scanInto(hits: number[], re: RegExp, text: string): void {
  re.lastIndex = 0;
  for (let hit = re.exec(text); hit; hit = re.exec(text)) {
    if (hit[0].length > 0) hits.push(hit.index, hit.index + hit[0].length);
    // An empty match does not move on by itself; step over one code point, as matchAll does.
    else re.lastIndex += isSurrogatePairAt(text, re.lastIndex) ? 2 : 1;
  }
}

function isSurrogatePairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
}

const NO_HITS: readonly number[] = Object.freeze([]);

/**
 * Where a matcher matches the normalised text (`text.text`), as [start, end) pairs in one flat array;
 * `lists` are the word index's matches in this text. Offsets stay normalised until a span is reported: most
 * matches (of topics that lose, of `not_appeal` signals) never are.
 */
function findHits(
  m: Matcher,
  text: TextLiterals,
  lists: readonly (readonly number[] | undefined)[],
): readonly number[] {
  const listed = lists[m.listId] ?? NO_HITS;
  let hits: number[] | undefined;
  for (const p of m.patterns) {
    if (text.mayMatch(p.needs)) scanInto((hits ??= [...listed]), p.re, text.text);
  }
  return hits ?? listed;
}

function pushSpans(spans: Span[], t: NormalizedText, hits: readonly number[]): void {
  for (let i = 0; i < hits.length; i += 2) spans.push(toOriginalSpan(t, hits[i] ?? 0, hits[i + 1] ?? 0));
}

function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Decides whether a comment is a citizen's appeal (question, complaint or request to the authority),
 * its kind and topic. Pure. Evidence is summed per kind from the fired signals; a matched topic adds
 * `topic_bonus` when there is any evidence; `not_appeal` signals (thanks, greetings, rhetoric) subtract.
 *
 * @example detectAppeal(d, 'Третий день нет горячей воды, когда дадут?') // → { isAppeal: true, kind: 'question', topic: 'housing', … }
 */
export function detectAppeal(d: AppealDetector, input: string | NormalizedText): AppealDetection {
  const t = typeof input === 'string' ? normalize(input) : input;
  const words = d.words.spans(t.text);
  const literals = new TextLiterals(d.literals, t.text);
  let bestTopic: { id: string; name: string; hits: readonly number[] } | undefined;
  // A topic that is a problem by itself counts even when another topic wins the tie («наркоманы в подъезде»).
  let problemWeight = 0;
  for (const topic of d.topics) {
    const hits = findHits(topic, literals, words);
    if (hits.length === 0) continue;
    problemWeight = Math.max(problemWeight, topic.problemWeight);
    if (!bestTopic || hits.length > bestTopic.hits.length)
      bestTopic = { id: topic.id, name: topic.name, hits };
  }
  const evidence: Record<AppealKind, number> = { question: 0, complaint: problemWeight, request: 0 };
  let negative = 0;
  const spans: Span[] = [];
  const reasons: string[] = [];
  const fired: string[] = [];
  for (const s of d.signals) {
    if (s.requiresTopic && !bestTopic) continue;
    const found = findHits(s, literals, words);
    if (found.length === 0) continue;
    fired.push(s.id);
    reasons.push(s.reason);
    if (s.kind === 'not_appeal') {
      negative += s.weight;
      continue;
    }
    evidence[s.kind] += s.weight;
    pushSpans(spans, t, found);
  }
  const best = Math.max(evidence.question, evidence.complaint, evidence.request);
  const bonus = best > 0 && bestTopic ? d.settings.topic_bonus : 0;
  const score = round3(clamp01(Math.min(1, best) + bonus + negative));
  const isAppeal = score >= d.settings.threshold;
  if (!isAppeal) {
    return { isAppeal, kind: null, topic: null, score, spans: mergeSpans(spans), reasons, signals: fired };
  }
  const priority = d.settings.kind_priority;
  const kind =
    priority.find((k) => evidence[k] >= d.settings.kind_min) ??
    [...priority].sort((a, b) => evidence[b] - evidence[a])[0] ??
    'complaint';
  if (bestTopic) {
    pushSpans(spans, t, bestTopic.hits);
    reasons.push(`тема: ${bestTopic.name}`);
  }
  return {
    isAppeal,
    kind,
    topic: bestTopic?.id ?? OTHER_TOPIC,
    score,
    spans: mergeSpans(spans),
    reasons,
    signals: fired,
  };
}

function checkItemExamples(
  file: string,
  section: 'signals' | 'topics',
  loc: Located<{ id: string; should_match: string[]; should_not_match: string[] }>,
  m: Matcher,
  words: WordListIndex,
  literals: LiteralTable,
): void {
  const cases = [
    ...loc.def.should_match.map((text, i) => ({ text, want: true, key: 'should_match', i })),
    ...loc.def.should_not_match.map((text, i) => ({ text, want: false, key: 'should_not_match', i })),
  ];
  for (const c of cases) {
    const t = normalize(c.text);
    const got = findHits(m, new TextLiterals(literals.literals(), t.text), words.spans(t.text)).length > 0;
    if (got !== c.want) {
      const line = loc.exampleLines[c.key as 'should_match'][c.i] ?? loc.line;
      throw new RuleFileError(
        file,
        line,
        `${section}.${loc.def.id}.${c.key}`,
        `example "${c.text}" ${c.want ? 'is not matched' : 'is matched'} by ${loc.def.id}`,
      );
    }
  }
}

/**
 * Parses, validates and compiles the appeal topics file, checking every signal's and topic's
 * `should_match` / `should_not_match` examples and the file's whole-detector `examples`. Pure.
 *
 * @throws {RuleFileError} with file, line and field for the first problem or failing example.
 */
export function compileAppealDetector(file: string, source: string): AppealDetector {
  const parsed = parseAppealRules(file, source);
  const words = new WordListIndex();
  const literals = new LiteralTable();
  const seen = new Set<string>();
  for (const [section, items] of [
    ['signals', parsed.signals],
    ['topics', parsed.topics],
  ] as const) {
    for (const loc of items) {
      if (seen.has(`${section}:${loc.def.id}`))
        throw new RuleFileError(file, loc.line, `${section}.id`, `duplicate id "${loc.def.id}"`);
      seen.add(`${section}:${loc.def.id}`);
    }
  }
  const signals = parsed.signals.map((loc: Located<SignalDef>) => {
    const s: CompiledSignal = {
      id: loc.def.id,
      kind: loc.def.kind,
      weight: loc.def.weight,
      requiresTopic: loc.def.requires_topic,
      reason: loc.def.reason,
      ...compileMatcher(words, literals, loc.def),
    };
    checkItemExamples(file, 'signals', loc, s, words, literals);
    return Object.freeze(s);
  });
  const topics = parsed.topics.map((loc) => {
    const t: CompiledTopic = {
      id: loc.def.id,
      name: loc.def.name,
      problemWeight: loc.def.problem_weight,
      ...compileMatcher(words, literals, loc.def),
    };
    checkItemExamples(file, 'topics', loc, t, words, literals);
    return Object.freeze(t);
  });
  const detector: AppealDetector = Object.freeze({
    version: createHash('sha256').update(source).digest('hex').slice(0, 12),
    file,
    settings: parsed.settings,
    signals: Object.freeze(signals),
    topics: Object.freeze(topics),
    words,
    literals: Object.freeze(literals.literals()),
  });
  const { appeal, not_appeal } = parsed.settings.examples;
  for (const [key, list, want] of [
    ['appeal', appeal, true],
    ['not_appeal', not_appeal, false],
  ] as const) {
    list.forEach((text, i) => {
      const got = detectAppeal(detector, text);
      if (got.isAppeal !== want) {
        throw new RuleFileError(
          file,
          lineOf(parsed.yaml, ['examples', key, i]),
          `examples.${key}`,
          `example "${text}" is ${want ? 'not detected as an appeal' : 'detected as an appeal'} (score ${got.score}, signals: ${got.signals.join(', ') || 'none'})`,
        );
      }
    });
  }
  return detector;
}

/** Russian name of a topic id, or the id itself when the file does not know it. */
export function topicName(d: AppealDetector, topic: string): string {
  return d.topics.find((t) => t.id === topic)?.name ?? (topic === OTHER_TOPIC ? 'Другое' : topic);
}
