import { describe, expect, it } from 'vitest';
import { mapOkComment } from '../../adapters/ok/map-ok-comment.ts';
import { OkActions } from '../../adapters/ok/ok-actions.ts';
import { OkClient } from '../../adapters/ok/ok-client.ts';
import { accountSchema, type OkAccount } from '../../config/accounts.ts';
import type { ActJob } from '../../queues/payloads.ts';

const GID = '777';
const account = accountSchema.parse({
  id: 'ok',
  title: 't',
  platform: 'ok',
  platform_ids: { group_id: GID },
  api_base_url: 'http://127.0.0.1:9/',
  tokens: { access_token: 'A', application_key: 'B', application_secret_key: 'C' },
}) as OkAccount;

describe('OK comments → moderation', () => {
  it('maps a comment with date_ms, keeping ids as strings', () => {
    expect(
      mapOkComment(
        'ok',
        GID,
        't1',
        { id: '55', author_id: '9', author_name: 'Ия', text: 'x', date_ms: 1_700_000_000_000 },
        1,
      ),
    ).toMatchObject({
      commentId: '55',
      objectId: 't1',
      ownerId: GID,
      kind: 'topic_comment',
      author: { id: '9', name: 'Ия' },
      createdAt: '2023-11-14T22:13:20.000Z',
      permalink: `https://ok.ru/group/${GID}/topic/t1`,
    });
  });
  it('reads `date` as Moscow time when date_ms is missing', () => {
    expect(
      mapOkComment('ok', GID, 't1', { id: '1', author_id: '9', text: 'x', date: '2025-01-01 12:00:00' }, 1)
        ?.createdAt,
    ).toBe('2025-01-01T09:00:00.000Z');
  });
  it.each([
    ['posted as the group (author id)', { id: '1', author_id: GID, text: 'x' }],
    ['posted as the group (author type)', { id: '1', author_id: '5', author_type: 'GROUP', text: 'x' }],
  ])('skips comments %s', (_w, c) => {
    expect(mapOkComment('ok', GID, 't1', c, 1)).toBeUndefined();
  });
});

describe('OK actions the API cannot do', () => {
  // The client points at a closed port: these actions must not call it.
  const actions = new OkActions(
    account,
    new OkClient(account, { access_token: 'A', application_key: 'B', application_secret_key: 'C' }),
  );
  const job = (action: ActJob['action']): ActJob => ({
    key: 'k',
    action,
    banDays: 0,
    reason: '',
    requestedBy: { kind: 'auto' },
    comment: {
      platform: 'ok',
      accountId: 'ok',
      commentId: '1',
      objectId: 't9',
      ownerId: GID,
      kind: 'topic_comment',
      author: { id: '5', name: '' },
      text: '',
      createdAt: new Date(0).toISOString(),
      permalink: '',
      receivedAt: 0,
    },
  });
  it.each(['hide', 'unhide', 'restore', 'ban', 'unban', 'restore_and_unban'] as const)(
    '%s → unsupported with a link to the topic',
    async (action) => {
      await expect(actions.perform(job(action))).resolves.toMatchObject({
        status: 'unsupported',
        manualUrl: `https://ok.ru/group/${GID}/topic/t9`,
      });
    },
  );
});
