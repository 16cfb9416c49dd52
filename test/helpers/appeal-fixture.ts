import { readFile } from 'node:fs/promises';
import { compileAppealSetup, type AppealSetup } from '../../core/appeals/appeal-setup.ts';
import { detectAppeal, topicName } from '../../core/appeals/appeal-detector.ts';
import { draftAppeal } from '../../core/appeals/draft-appeal.ts';
import type { AppealRecord } from '../../core/appeals/appeal-record.ts';
import { routeAppeal } from '../../core/appeals/routing.ts';
import { CommentSchema, type CommentInput } from '../../core/comment.ts';

/** The shipped appeal files, compiled. */
export async function shippedAppealSetup(): Promise<AppealSetup> {
  const read = async (file: string) => ({ file, source: await readFile(file, 'utf8') });
  return compileAppealSetup({
    topics: await read('rules/appeals/topics.yaml'),
    routing: await read('rules/appeals/routing.yaml'),
    calendar: await read('config/calendar/ru-sakha-2026-2027.yaml'),
  });
}

/** A VK wall comment written at `createdAt`. */
export function appealComment(text: string, createdAt: Date, commentId = '501'): CommentInput {
  return {
    platform: 'vk',
    accountId: 'neryungri-vk',
    commentId,
    objectId: '77',
    ownerId: '-100000001',
    kind: 'wall_comment',
    author: { id: '31337', name: 'Иван Петров' },
    text,
    createdAt: createdAt.toISOString(),
    permalink: `https://vk.com/wall-100000001_77?reply=${commentId}`,
    receivedAt: createdAt.getTime(),
  };
}

/** An appeal record for `text` as the observer would open it (throws when the text is not an appeal). */
export function appealFor(
  setup: AppealSetup,
  text: string,
  createdAt: Date,
  commentId = '501',
): AppealRecord {
  const comment = CommentSchema.parse(appealComment(text, createdAt, commentId));
  const detection = detectAppeal(setup.detector, text);
  if (!detection.topic) throw new Error(`not an appeal: ${text}`);
  return draftAppeal({
    comment,
    detection,
    topicName: topicName(setup.detector, detection.topic),
    detectorVersion: setup.detector.version,
    moderation: [],
    moderationOutcome: 'keep',
    department: routeAppeal(setup.routing, detection.topic, comment.accountId),
    now: createdAt,
  });
}
