import { scanTraits } from './char-classes.ts';
import { foldYoStep, lowerCaseStep } from './case-fold.ts';
import { foldLookAlikes, MIXED_SCRIPT_FLAG } from './fold-look-alikes.ts';
import { joinSpacedLetters } from './join-spaced-letters.ts';
import { isIdentity, mappedFrom, withText, type MappedText } from './mapped-text.ts';
import type { NormalizedText } from './normalized-text.ts';
import { nfkcStep } from './nfkc.ts';
import { squeezeRepeats } from './squeeze-repeats.ts';
import { stripInvisibleStep } from './strip-invisible.ts';

// Shared, immutable flag sets: a Set per comment would cost more than most normalisation steps.
const NO_FLAGS: ReadonlySet<string> = Object.freeze(new Set<string>());
const MIXED_FLAGS: ReadonlySet<string> = Object.freeze(new Set([MIXED_SCRIPT_FLAG]));

/**
 * Normalises a comment for matching, as a pipeline of small steps that each keep the map back to
 * the original offsets: NFKC → lower case → ё→е → invisible characters out → stretched letters squeezed →
 * letters spelled out one by one joined → look-alikes folded to Cyrillic inside Russian words → squeezed again. Flags: `mixed-script` when a word mixed Cyrillic with Latin/Greek letters.
 *
 * @example normalize('Х.У.Й').text === 'хуй'
 * @example normalize('3ае6ал').text === 'заебал'
 */
export function normalize(original: string): NormalizedText {
  let traits = scanTraits(original, true);
  let t = mappedFrom(original);
  if (traits.nfkc) {
    const before = t;
    t = nfkcStep(t);
    // NFKC may have produced capitals or Latin letters (ｘ → x): look again.
    if (t !== before) traits = scanTraits(t.text, true);
  }
  // The scan has usually lower-cased and folded ё already (the same as the two steps would).
  if (traits.lowered !== undefined) {
    if (traits.lowered !== t.text) t = withText(t, traits.lowered);
  } else {
    if (traits.upper) t = lowerCaseStep(t);
    if (traits.yo) t = foldYoStep(t);
  }
  if (traits.invisible) {
    const before = t;
    t = stripInvisibleStep(t);
    if (t !== before) traits = scanTraits(t.text);
  }
  if (traits.stretch) {
    const before = t;
    t = squeezeRepeats(t);
    if (t !== before) traits = scanTraits(t.text);
  }
  if (traits.spaced) t = joinSpacedLetters(t);
  let mixedScriptWords = 0;
  if (traits.lookAlike || traits.spaced) {
    const folded = foldLookAlikes(t);
    const changed = folded.text !== t;
    t = folded.text;
    mixedScriptWords = folded.mixedWords;
    // Again: letters that were look-alikes (`xxxуй`, `а@@`) can only be seen as stretched once folded.
    if (changed || traits.spaced) t = squeezeRepeats(t);
  }
  return new Normalized(original, t, mixedScriptWords);
}

/**
 * The result as a class: its offset getters live on the prototype (an object literal with getters
 * would allocate them per comment), and an unchanged text builds its identity offsets only if a
 * rule reports a span.
 */
class Normalized implements NormalizedText {
  readonly text: string;
  readonly flags: ReadonlySet<string>;
  readonly identity: boolean;
  readonly #mapped: MappedText;
  constructor(
    readonly original: string,
    mapped: MappedText,
    readonly mixedScriptWords: number,
  ) {
    this.#mapped = mapped;
    this.text = mapped.text;
    this.flags = mixedScriptWords > 0 ? MIXED_FLAGS : NO_FLAGS;
    this.identity = isIdentity(mapped);
  }
  get starts(): Int32Array {
    return this.#mapped.starts;
  }
  get ends(): Int32Array {
    return this.#mapped.ends;
  }
}
