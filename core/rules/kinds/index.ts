import type { RuleKind } from '../rule-kind.ts';
import { lexiconKind } from './lexicon.ts';
import { obsceneRootsKind } from './obscene-roots.ts';
import { profanityEnKind } from './profanity-en.ts';
import { scoredKind } from './scored.ts';
import { wordlistKind } from './wordlist.ts';

/** Every rule kind an admin may use in `rules/*.yaml`, by its `kind:` name. */
export const RULE_KINDS: ReadonlyMap<string, RuleKind> = new Map(
  [wordlistKind, obsceneRootsKind, lexiconKind, scoredKind, profanityEnKind].map((k) => [k.kind, k]),
);
