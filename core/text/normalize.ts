import { foldYoStep, lowerCaseStep } from './case-fold.ts';
import { foldLookAlikes, MIXED_SCRIPT_FLAG } from './fold-look-alikes.ts';
import { joinSpacedLetters } from './join-spaced-letters.ts';
import { mappedFrom } from './mapped-text.ts';
import type { NormalizedText } from './normalized-text.ts';
import { nfkcStep } from './nfkc.ts';
import { squeezeRepeats } from './squeeze-repeats.ts';
import { stripInvisibleStep } from './strip-invisible.ts';

/**
 * Normalises a comment for matching, as a pipeline of small steps that each keep the map back to
 * the original offsets: NFKC → lower case → ё→е → invisible characters out → stretched letters squeezed →
 * letters spelled out one by one joined → look-alikes folded to Cyrillic inside Russian words → squeezed again. Flags: `mixed-script` when a word mixed Cyrillic with Latin/Greek letters.
 *
 * @example normalize('Х.У.Й').text === 'хуй'
 * @example normalize('3ае6ал').text === 'заебал'
 */
export function normalize(original: string): NormalizedText {
  let t = mappedFrom(original);
  t = nfkcStep(t);
  t = lowerCaseStep(t);
  t = foldYoStep(t);
  t = stripInvisibleStep(t);
  t = squeezeRepeats(t);
  t = joinSpacedLetters(t);
  const folded = foldLookAlikes(t);
  t = folded.text;
  // Again: letters that were look-alikes (`xxxуй`) can only be seen as stretched once folded.
  t = squeezeRepeats(t);
  const flags = new Set<string>();
  if (folded.mixedWords > 0) flags.add(MIXED_SCRIPT_FLAG);
  return {
    original,
    text: t.text,
    starts: t.starts,
    ends: t.ends,
    flags,
    mixedScriptWords: folded.mixedWords,
  };
}
