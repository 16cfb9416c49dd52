import type { ActionStep, ReviewJob } from '../../queues/payloads.ts';
import type { Platform } from '../../core/comment.ts';

/** What a moderator can decide on a card. */
export const DECISIONS = ['delete', 'keep', 'delete_and_ban'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Who decided, what and when; stored once per item (first decision wins). */
export interface StoredDecision {
  readonly decision: Decision;
  readonly by: { readonly id: string; readonly name: string };
  /** ms since epoch */
  readonly at: number;
  /** Increases with every decision on the item (an `/undo` reopens it), so action job ids differ. */
  readonly rev: number;
}

/** What became of the platform action that carries a decision out. */
export interface OutcomeView {
  readonly status: 'pending' | 'done' | 'already_done' | 'unsupported' | 'failed' | 'unknown' | 'none';
  readonly detail: string;
  readonly at: number;
  /** Where the moderator can do by hand what the platform's API cannot (from the action outcome). */
  readonly manualUrl?: string | undefined;
  /**
   * A failed combined action's steps that went through (e.g. the delete of «delete and ban» whose
   * ban failed): what `/undo` has to reverse. Absent: none did.
   */
  readonly stepsDone?: readonly ActionStep[] | undefined;
}

/** The account facts a card shows. */
export interface CardAccount {
  readonly id: string;
  readonly title: string;
  readonly platform: Platform;
  /** Ban term for «Удалить и заблокировать»; 0 = permanent. */
  readonly banDays: number;
}

/** Everything a card needs, loaded from Redis by the bot; rendering is pure. */
export interface CardView {
  readonly itemId: string;
  readonly job: ReviewJob;
  readonly account: CardAccount;
  /** When the item entered `{review}` (ms since epoch). */
  readonly queuedAt: number;
  readonly decision?: StoredDecision | undefined;
  readonly outcome?: OutcomeView | undefined;
  /** A note shown under the decision, e.g. that an earlier decision was undone. */
  readonly note?: string | undefined;
}

/** A button: Russian label and its callback data (≤ 64 bytes). */
export interface ButtonSpec {
  readonly text: string;
  readonly data: string;
}

/** A message ready to send: HTML text and an inline keyboard (empty = none). */
export interface RenderedMessage {
  readonly text: string;
  readonly keyboard: readonly (readonly ButtonSpec[])[];
}
