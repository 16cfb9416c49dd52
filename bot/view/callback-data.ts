import type { Decision } from './model.ts';

const CODE: Readonly<Record<Decision, string>> = { delete: 'd', keep: 'k', delete_and_ban: 'b' };
const BY_CODE = new Map(Object.entries(CODE).map(([d, c]) => [c, d as Decision]));
const ITEM_ID = /^[0-9a-z]{1,12}$/;

/**
 * Callback data of a decision button: `<d|k|b>:<item id in base36>`, a few bytes — far below
 * Telegram's 64-byte limit. The card's context stays in Redis under the item id.
 *
 * @example decisionData('delete', '1z') === 'd:1z'
 */
export function decisionData(decision: Decision, itemId: string): string {
  if (!ITEM_ID.test(itemId)) throw new Error(`invalid item id ${itemId}`);
  return `${CODE[decision]}:${itemId}`;
}

/** Parses button data; undefined for anything this bot did not produce (old formats, forged data). */
export function parseDecisionData(data: string): { decision: Decision; itemId: string } | undefined {
  const m = /^([a-z]):([0-9a-z]{1,12})$/.exec(data);
  const decision = m ? BY_CODE.get(m[1] ?? '') : undefined;
  return m && decision ? { decision, itemId: m[2] ?? '' } : undefined;
}
