import { mapUnits, withText, type MappedText } from './mapped-text.ts';

function lowerUnit(u: string): string {
  const low = u.toLowerCase();
  // A few letters lower-case to two code units (İ); keep those as they are so offsets stay one-to-one.
  return low.length === 1 ? low : u;
}

/**
 * Lower case by the Unicode tables, so Cyrillic (including Sakha ҤҔӨҮҺ) folds like Latin.
 *
 * @example lowerCaseStep(mappedFrom('ПРИВЕТ Үөрэх')).text === 'привет үөрэх'
 */
export function lowerCaseStep(input: MappedText): MappedText {
  const low = input.text.toLowerCase();
  if (low === input.text) return input;
  // Same length: every unit lower-cased to one unit, so the offsets stand as they are.
  if (low.length === input.text.length) return withText(input, low);
  return mapUnits(input, lowerUnit);
}

/**
 * ё → е: Russian writes them interchangeably, so rules list only е.
 *
 * @example foldYoStep(mappedFrom('ёлка')).text === 'елка'
 */
export function foldYoStep(input: MappedText): MappedText {
  if (!input.text.includes('ё')) return input;
  return withText(input, input.text.replaceAll('ё', 'е'));
}
