import type { ActJob } from '../queues/payloads.ts';

/** What happened on the platform, for the audit log and the moderator's card. */
export interface ActionOutcome {
  readonly status: 'done' | 'already_done' | 'unsupported';
  /** Short English note for logs (e.g. `wall.deleteComment`). */
  readonly detail: string;
  /**
   * Where a moderator can do by hand what the API cannot (status `unsupported`), e.g. the
   * platform's own moderation page for the comment or the group's blacklist settings.
   */
  readonly manualUrl?: string;
}

/**
 * Carries out moderation actions on one platform account. Implementations throw
 * {@link PlatformError} so the queue knows whether to retry.
 */
export interface PlatformActions {
  perform(job: ActJob): Promise<ActionOutcome>;
  /**
   * Counts the posts the account itself published in `[from, to)` (clause 2.2: at least five a week).
   * @throws {PlatformError}
   */
  countOwnPosts(from: Date, to: Date): Promise<number>;
}

/** Pages of a "newest first" listing read while counting posts, at most (100 items each). */
export const MAX_COUNT_PAGES = 20;
