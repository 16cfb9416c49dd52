import { z } from 'zod';
import { BayesModelSchema, compileTextScorer } from '../../classify/bayes-model.ts';
import { MIXED_SCRIPT_FLAG } from '../../text/fold-look-alikes.ts';
import { toOriginalSpan, type NormalizedText } from '../../text/normalized-text.ts';
import { wordsOf } from '../../text/words.ts';
import type { CommentSignals } from '../rule.ts';
import type { RuleAssets } from '../rule-kind.ts';
import { RuleFileError } from '../rule-file-error.ts';
import type { Span } from '../rule-result.ts';
import { requiredLiterals } from '../required-literals.ts';
import { hasDigit, hasThreeDigits, keyLiterals, mayMatchKeyed } from '../text-facts.ts';
import { isValidRegExp, normalizeWord } from '../word-pattern.ts';
import { WordMatcher } from './word-matcher.ts';

const common = {
  /** Shown to the moderator among the reasons, in Russian. */
  name: z.string().min(2).max(100),
  weight: z.number().min(-5).max(5),
};

const patternsSignal = z
  .object({
    ...common,
    type: z.literal('patterns'),
    /** Words as in a `lexicon` rule: dictionary forms, `word*`, `*part*`, `=exact`, phrases. */
    words: z.array(z.string().min(2).max(100)).default([]),
    patterns: z.array(z.string().min(1).max(2000).refine(isValidRegExp, 'not a valid regular expression')).default([]),
    /** Distinct matches needed. */
    min_matches: z.number().int().min(1).max(20).default(1),
    /** Speed hint: the patterns can only match where there is a digit, so skip them otherwise. */
    needs_digit: z.boolean().default(false),
    /**
     * Speed hint: the patterns can only match in a text with one of these words (same notation as
     * `words`, e.g. `*нуж*` for any word containing нуж), so skip them otherwise. Cheap: the words
     * come from the shared word index, the patterns scan the whole text.
     */
    needs_words: z.array(z.string().min(2).max(100)).default([]),
  })
  .strict()
  .refine((d) => d.words.length + d.patterns.length > 0, { message: 'needs at least one word or pattern' });

const linksSignal = z
  .object({
    ...common,
    type: z.literal('links'),
    /** Domains (and their subdomains) that are never suspicious, e.g. the administration's own site. */
    allow_domains: z.array(z.string().regex(/^[a-zа-я0-9.-]+\.[a-zа-я]{2,}$/u, 'a domain like example.ru')).default([]),
  })
  .strict();

const phoneSignal = z.object({ ...common, type: z.literal('phone') }).strict();
const mixedScriptSignal = z
  .object({
    ...common,
    type: z.literal('mixed_script'),
    /** Words mixing Cyrillic with Latin/Greek letters needed for a hit. */
    min_words: z.number().int().min(1).max(50).default(1),
  })
  .strict();
const repeatsSignal = z
  .object({
    ...common,
    type: z.literal('repeats'),
    /** Near-identical comments by the same author in the recent window (this one excluded). */
    min_repeats: z.number().int().min(1).max(100).default(2),
  })
  .strict();
const bayesSignal = z
  .object({
    ...common,
    type: z.literal('bayes'),
    /** Name of the model asset loaded at start-up (a file in `models/`). */
    model: z.string().min(1),
    /** The class that counts as a hit, e.g. `spam`. */
    class: z.string().min(1).default('spam'),
    min_probability: z.number().min(0.5).max(1).default(0.9),
    /** Texts with fewer features are not judged by the classifier (too little evidence). */
    min_features: z.number().int().min(1).max(50).default(4),
  })
  .strict();

export const signalSchema = z.discriminatedUnion('type', [
  patternsSignal,
  linksSignal,
  phoneSignal,
  mixedScriptSignal,
  repeatsSignal,
  bayesSignal,
]);
export type SignalDef = z.infer<typeof signalSchema>;

/** What one signal found in a text. */
export interface SignalHit {
  readonly name: string;
  readonly weight: number;
  readonly spans: readonly Span[];
  readonly matched?: readonly string[];
  readonly probability?: number;
}

export type SignalDetector = (text: NormalizedText, signals: CommentSignals) => SignalHit | null;

const URL =
  /(?:https?:\/\/|www\.)[^\s<>"']+|(?<![\p{L}\p{N}@.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:ru|com|net|org|info|biz|pro|site|online|store|shop|top|xyz|club|io|me|ly|gg|cc|su|tk|app|link|live|рф)(?:\/[^\s<>"']*)?(?![\p{L}\p{N}])/gu;
/**
 * Cheap pre-check: no URL without `//`, `www.` or a dot followed by a–z or р (the expression
 * `\/\/|www\.|\.[a-zр]` as `indexOf` look-ups, which cost a third of it on Cyrillic text).
 */
export function mayHaveUrl(t: string): boolean {
  if (t.includes('//')) return true;
  for (let i = t.indexOf('.'); i >= 0; i = t.indexOf('.', i + 1)) {
    const c = t.charCodeAt(i + 1);
    if ((c >= 0x61 && c <= 0x7a) || c === 0x440) return true;
    if (i >= 3 && t.startsWith('www', i - 3)) return true;
  }
  return false;
}

const PHONE = /(?<![\d+])(?:\+7|8|7)[\s\-(]{0,3}9\d{2}[\s\-)]{0,3}\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)|(?<![\d+])\+\d{10,13}(?!\d)/gu;

function hostOf(url: string): string {
  return url
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:]/)[0] ?? '';
}

const NONE: { spans: Span[]; matched: string[] } = { spans: [], matched: [] };

function spansOf(text: NormalizedText, re: RegExp): { spans: Span[]; matched: string[] } {
  // An exec loop on the rule's own expression rather than `test` + `matchAll`: matchAll clones the
  // expression and builds an iterator on every call, and the first match need not be searched twice.
  const t = text.text;
  re.lastIndex = 0;
  let m = re.exec(t);
  if (m === null) return NONE;
  const spans: Span[] = [];
  const matched: string[] = [];
  while (m !== null) {
    spans.push(toOriginalSpan(text, m.index, m.index + m[0].length));
    matched.push(m[0]);
    // As matchAll does: step over an empty match (by a code point, the expressions are Unicode).
    if (m[0].length === 0) re.lastIndex = advanceIndex(t, re.lastIndex);
    m = re.exec(t);
  }
  return { spans, matched };
}

/** The index after the code point at `i` (ECMAScript's AdvanceStringIndex in Unicode mode). */
function advanceIndex(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

/** Compiles one signal definition into a detector. @throws {RuleFileError} for a missing model asset. */
export function compileSignal(
  sig: SignalDef,
  assets: RuleAssets,
  where: { file: string; field: string },
): SignalDetector {
  const { name, weight } = sig;
  switch (sig.type) {
    case 'patterns': {
      // Words go through hash look-ups on the shared word list; only real patterns scan the text.
      const words = sig.words.length > 0 ? new WordMatcher(sig.words) : null;
      const res = sig.patterns.map((p) => new RegExp(p, 'gu'));
      // Literals without which a pattern cannot match: checked before the pattern scans the text.
      const literals = sig.patterns.map((p) => keyLiterals(requiredLiterals(p)));
      const gate = sig.needs_words.length > 0 ? new WordMatcher(sig.needs_words) : null;
      return (text) => {
        const hits = words?.hitsIn(text, wordsOf(text));
        let spans: Span[] | undefined = hits?.spans;
        let matched: Set<string> | undefined = hits?.matched;
        if (
          res.length > 0 &&
          !(sig.needs_digit && !hasDigit(text.text)) &&
          !(gate && gate.matchWords(wordsOf(text)).length === 0)
        ) {
          for (let k = 0; k < res.length; k++) {
            const re = res[k];
            if (!re || !mayMatchKeyed(text.text, literals[k] ?? [])) continue;
            const r = spansOf(text, re);
            if (r.matched.length === 0) continue;
            (spans ??= []).push(...r.spans);
            for (const m of r.matched) (matched ??= new Set()).add(m);
          }
        }
        if (!matched || !spans || matched.size < sig.min_matches) return null;
        return { name, weight, spans, matched: [...matched] };
      };
    }
    case 'links': {
      const allow = sig.allow_domains.map(normalizeWord);
      const allowed = (host: string) => allow.some((d) => host === d || host.endsWith(`.${d}`));
      return (text) => {
        if (!mayHaveUrl(text.text)) return null;
        const { spans, matched } = spansOf(text, URL);
        const keep = matched.map((m, i) => ({ m, s: spans[i] })).filter((x) => !allowed(hostOf(x.m)));
        if (keep.length === 0) return null;
        return { name, weight, spans: keep.map((x) => x.s).filter((s): s is Span => !!s), matched: keep.map((x) => x.m) };
      };
    }
    case 'phone':
      return (text) => {
        if (!hasThreeDigits(text.text)) return null;
        const { spans, matched } = spansOf(text, PHONE);
        return matched.length > 0 ? { name, weight, spans, matched } : null;
      };
    case 'mixed_script':
      return (text) =>
        text.flags.has(MIXED_SCRIPT_FLAG) && (text.mixedScriptWords ?? 1) >= sig.min_words
          ? { name, weight, spans: [], matched: [`слов со смешанным алфавитом: ${text.mixedScriptWords ?? 1}`] }
          : null;
    case 'repeats':
      return (_text, signals) =>
        (signals.repeatsByAuthor ?? 0) >= sig.min_repeats
          ? { name, weight, spans: [], matched: [`повторов: ${signals.repeatsByAuthor}`] }
          : null;
    case 'bayes': {
      const raw = assets[sig.model];
      const parsed = BayesModelSchema.safeParse(raw);
      if (!parsed.success) {
        throw new RuleFileError(
          where.file,
          1,
          `${where.field}.model`,
          raw === undefined
            ? `model "${sig.model}" is not loaded (expected models/${sig.model}.json)`
            : `model "${sig.model}" is not a valid model: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      }
      if (!parsed.data.classes.includes(sig.class)) {
        throw new RuleFileError(where.file, 1, `${where.field}.class`, `model "${sig.model}" has no class "${sig.class}"`);
      }
      // `compileBayes` over `spamFeatures`, fused (same probability; see `compileTextScorer`).
      const score = compileTextScorer(parsed.data, sig.class);
      return (text) => {
        const { features, probability: p } = score(text.text);
        if (features < sig.min_features) return null;
        return p >= sig.min_probability ? { name, weight, spans: [], probability: Math.round(p * 1000) / 1000 } : null;
      };
    }
  }
}
