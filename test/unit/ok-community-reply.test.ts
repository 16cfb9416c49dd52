import { describe, expect, it } from 'vitest';
import { mapOkComment } from '../../adapters/ok/map-ok-comment.ts';
import { mapOkCommunityReply } from '../../adapters/ok/map-ok-reply.ts';
import { OkCommentSchema, type OkComment } from '../../adapters/ok/ok-event.ts';

const GID = '53038939046008';
const RECEIVED = Date.parse('2026-03-02T05:00:00Z');
/** A comment as `discussions.getComments` returns it, through the poller's own schema. */
const wire = (c: Record<string, unknown>): OkComment =>
  OkCommentSchema.parse({ id: '902', text: 'Заявка передана в управляющую компанию', ...c });

describe('OK: the group replying to a comment → community reply', () => {
  it.each<[string, Record<string, unknown>, Record<string, string> | null]>([
    [
      'posted as the group (author id, type and ref), replying to a comment',
      {
        author_id: GID,
        author_type: 'GROUP',
        author_ref: `group:${GID}`,
        reply_to_comment_id: '901',
        date_ms: 1_772_427_600_000,
      },
      { replyId: '902', inReplyTo: '901', authorId: GID, repliedAt: '2026-03-02T05:00:00.000Z' },
    ],
    [
      'the group known by its id only; numeric ids read as strings',
      { author_id: Number(GID), reply_to_comment_id: 901, date_ms: 1_772_427_600_000 },
      { replyId: '902', inReplyTo: '901', authorId: GID },
    ],
    [
      'the group known by its ref only',
      { author_ref: `group:${GID}`, author_type: 'GROUP', reply_to_comment_id: '901' },
      { inReplyTo: '901' },
    ],
    [
      '`date` without date_ms is Moscow time',
      { author_id: GID, reply_to_comment_id: '901', date: '2026-03-02 08:00:00' },
      { repliedAt: '2026-03-02T05:00:00.000Z' },
    ],
    [
      'no time at all: when it was read',
      { author_id: GID, reply_to_comment_id: '901' },
      { repliedAt: new Date(RECEIVED).toISOString() },
    ],
    [
      'the group replying to nothing (a note under its own post)',
      { author_id: GID, author_type: 'GROUP' },
      null,
    ],
    [
      'another community replying (type GROUP, another id)',
      { author_id: '5', author_type: 'GROUP', author_ref: 'group:5', reply_to_comment_id: '901' },
      null,
    ],
    ['a GROUP comment without any id', { author_type: 'GROUP', reply_to_comment_id: '901' }, null],
    [
      'a resident replying to a resident',
      { author_id: '501', author_ref: 'user:501', reply_to_comment_id: '901' },
      null,
    ],
  ])('%s', (_what, c, expected) => {
    const reply = mapOkCommunityReply('nr-ok', GID, wire(c), RECEIVED);
    if (expected === null) expect(reply).toBeNull();
    else
      expect(reply).toMatchObject({
        platform: 'ok',
        accountId: 'nr-ok',
        text: 'Заявка передана в управляющую компанию',
        ...expected,
      });
  });

  it('a comment is either moderated or read as the group’s reply, never both', () => {
    const samples = [
      { author_id: GID, reply_to_comment_id: '901' },
      { author_ref: `group:${GID}`, reply_to_comment_id: '901' },
      { author_id: '501', reply_to_comment_id: '901' },
    ].map(wire);
    for (const c of samples) {
      const moderated = mapOkComment('nr-ok', GID, 't1', c, RECEIVED) !== undefined;
      const answer = mapOkCommunityReply('nr-ok', GID, c, RECEIVED) !== null;
      expect(moderated && answer).toBe(false);
      expect(moderated || answer).toBe(true);
    }
  });
});
