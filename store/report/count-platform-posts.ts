import type { Account } from '../../config/accounts.ts';
import { resolveSecrets } from '../../config/accounts.ts';
import { createPlatformActions } from '../../adapters/platform-registry.ts';
import type { PlatformActions } from '../../adapters/platform-actions.ts';
import { MemoryStepMemo } from '../../adapters/step-memo.ts';
import { weekRangesUtc } from './iso-weeks.ts';

export interface PlatformPostCounts {
  readonly counts: { readonly accountId: string; readonly week: string; readonly posts: number }[];
  readonly errors: { readonly accountId: string; readonly error: string }[];
}

/** Builds an account's action client (tests pass their own). */
export type ActionsFactory = (account: Account, env: NodeJS.ProcessEnv) => PlatformActions;

const defaultFactory: ActionsFactory = (account, env) =>
  createPlatformActions(account, resolveSecrets(account, env), new MemoryStepMemo());

/**
 * Asks each account's platform how many posts the account published in each ISO week of the local
 * days `from`..`to` (`countOwnPosts`), for `report --count-posts`: this covers posts made before
 * Strazh ran, while its webhook was down, and on Facebook/Instagram, which push no post events.
 * An account whose tokens are missing or whose platform fails is reported in `errors`; the others
 * are still counted.
 */
export async function countPostsOnPlatforms(
  accounts: readonly Account[],
  env: NodeJS.ProcessEnv,
  period: { readonly from: string; readonly to: string; readonly timeZone: string },
  factory: ActionsFactory = defaultFactory,
): Promise<PlatformPostCounts> {
  const weeks = weekRangesUtc(period.from, period.to, period.timeZone);
  const counts: PlatformPostCounts['counts'] = [];
  const errors: PlatformPostCounts['errors'] = [];
  for (const account of accounts) {
    try {
      const actions = factory(account, env);
      const mine = [];
      for (const w of weeks) {
        mine.push({
          accountId: account.id,
          week: w.week,
          posts: await actions.countOwnPosts(new Date(w.start), new Date(w.end)),
        });
      }
      counts.push(...mine);
    } catch (err) {
      errors.push({ accountId: account.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { counts, errors };
}
