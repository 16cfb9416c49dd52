import { readFileSync } from 'node:fs';
import type { CommentInput } from '../../core/comment.ts';
import type { ReviewJob } from '../../queues/payloads.ts';

/** Texts used by the review tests (fixtures/review/comments.json). */
export const REVIEW_TEXTS = JSON.parse(readFileSync('fixtures/review/comments.json', 'utf8')) as {
  flagged: string;
  obscene: string;
  clean: string;
  html: string;
};

/** A VK wall comment as the VK adapter would submit it. */
export function vkWallComment(o: {
  accountId: string;
  id: number;
  text: string;
  author?: number;
}): CommentInput {
  return {
    platform: 'vk',
    accountId: o.accountId,
    commentId: String(o.id),
    objectId: '1',
    ownerId: '-100000001',
    kind: 'wall_comment',
    author: { id: String(o.author ?? 500 + o.id), name: `Житель ${o.id}` },
    text: o.text,
    createdAt: new Date().toISOString(),
    permalink: `https://vk.com/wall-100000001_1?reply=${o.id}`,
    receivedAt: Date.now(),
  };
}

/** A `{review}` job for a VK comment with one weak-insult hit on `word`. */
export function reviewJob(o: { accountId: string; id: number; text: string; word: string }): ReviewJob {
  const comment = vkWallComment(o) as ReviewJob['comment'];
  const start = o.text.indexOf(o.word);
  return {
    key: `vk:${o.accountId}:${o.id}`,
    comment: { ...comment, ownerId: comment.ownerId, permalink: comment.permalink },
    verdict: 'review',
    mode: 'review',
    categories: ['insult'],
    decidedBy: ['insult.weak'],
    ruleSetVersion: 'test',
    hits: [
      {
        ruleId: 'insult.weak',
        category: 'insult',
        hit: true,
        score: 0.6,
        spans: start >= 0 ? [{ start, end: start + o.word.length }] : [],
        details: {
          action: 'review',
          reason: 'Возможное оскорбление — решает модератор',
          ground: 'оскорбления',
        },
      },
    ],
  };
}
