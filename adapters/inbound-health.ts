/**
 * What the receiving side of an account went through: a webhook delivery or a polling round that
 * worked, or one that failed. `accountId` is null when a request could not be tied to an account (a
 * bad signature on the endpoint all Facebook Pages share).
 */
export interface InboundHealthEvent {
  readonly platform: string;
  readonly accountId: string | null;
  readonly channel: 'webhook' | 'poll';
  readonly ok: boolean;
  /** Short English description of the failure, e.g. `403 wrong secret`. */
  readonly problem?: string;
  readonly at: Date;
}

/** Told of every delivery and polling round; must not throw or block (fire and forget). */
export type InboundHealthHook = (e: InboundHealthEvent) => void;

/** Builds the hook's events for one platform and channel. */
export function healthReporter(
  hook: InboundHealthHook | undefined,
  platform: string,
  channel: InboundHealthEvent['channel'],
) {
  return {
    ok(accountId: string | null): void {
      hook?.({ platform, accountId, channel, ok: true, at: new Date() });
    },
    failed(accountId: string | null, problem: string): void {
      hook?.({ platform, accountId, channel, ok: false, problem, at: new Date() });
    },
  };
}
