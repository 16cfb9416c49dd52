import type { RuleKind } from '../rule-kind.ts';
import { wordlistKind } from './wordlist.ts';

/** Every rule kind an admin may use in `rules/*.yaml`, by its `kind:` name. */
export const RULE_KINDS: ReadonlyMap<string, RuleKind> = new Map([[wordlistKind.kind, wordlistKind]]);
