import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ingestMetaNotification, type MetaIntakeDeps } from '../../adapters/meta/meta-intake.ts';
import type { MetaNotification } from '../../adapters/meta/meta-payload.ts';
import type { CommentInput } from '../../core/comment.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';

const comment = (id: string): CommentInput => ({
  platform: 'facebook',
  accountId: 'fb',
  commentId: id,
  objectId: '1_2',
  kind: 'page_comment',
  permalink: 'https://www.facebook.com/1/posts/2?comment_id=' + id,
  author: { id: '7', name: 'Житель' },
  text: 'Когда починят дорогу?',
  createdAt: '2026-02-20T08:00:00.000Z',
  receivedAt: 1_771_574_400_000,
});

describe('Meta notification intake', () => {
  // Regression: a change whose mapping threw (a Page reply's created_time as a digit string) failed the
  // whole delivery with a 500 — its residents' comments were never queued, and Meta's redeliveries
  // failed the same way until it gave up.
  it("a change the mappers cannot read is skipped; the delivery's other comments are queued", async () => {
    const queued: CommentInput[] = [];
    const deps: MetaIntakeDeps<string> = {
      intake: { submitMany: async (c: CommentInput[]) => void queued.push(...c) } as unknown as CommentIntake,
      log: pino({ level: 'silent' }),
      accountFor: (id) => (id === 'PAGE' ? 'fb' : undefined),
      accountId: (a) => a,
      map: (_a, _e, change) => {
        const id = (change.value as { comment_id: string }).comment_id;
        if (id === 'bad') throw new RangeError('Invalid time value');
        return { type: 'comment', comment: comment(id) };
      },
    };
    const n = {
      object: 'page',
      entry: [
        {
          id: 'PAGE',
          time: 0,
          changes: ['c1', 'bad', 'c2'].map((id) => ({ field: 'feed', value: { comment_id: id } })),
        },
      ],
    } as unknown as MetaNotification;
    expect(await ingestMetaNotification(deps, 'facebook', n)).toMatchObject({ status: 200 });
    expect(queued.map((c) => c.commentId)).toEqual(['c1', 'c2']);
  });
});
