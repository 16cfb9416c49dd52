import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDedupe } from '../../adapters/event-dedupe.ts';
import { ingestVkEvent, type VkIngestDeps } from '../../adapters/vk/vk-ingest.ts';
import type { VkEnvelope } from '../../adapters/vk/vk-event.ts';
import type { CommentInput } from '../../core/comment.ts';
import type { CommentIntake } from '../../queues/comment-intake.ts';
import { deletePrefix } from '../../scripts/lib/local-redis.ts';
import { VkEmulator } from '../../emulators/vk-emulator.ts';
import { logCommands } from '../helpers/command-log.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-event-dedupe-${process.pid}-${Date.now()}`;
const vk = new VkEmulator({ groupId: 7, communityToken: 'c', userToken: 'u' });

/** An intake that fails its first `failures` submissions (Redis gone) and records the rest. */
function flakyIntake(failures: number, onSubmit?: () => Promise<void>) {
  const queued: CommentInput[] = [];
  let calls = 0;
  const intake = {
    async submit(c: CommentInput) {
      await onSubmit?.();
      calls += 1;
      if (calls <= failures) throw new Error('redis went away');
      queued.push(c);
      return { key: 'k' };
    },
  } as unknown as CommentIntake;
  return { intake, queued };
}

describe('VK event-id dedupe (real Redis)', () => {
  let redis: Redis;
  let dedupe: EventDedupe;
  const deps = (intake: CommentIntake): VkIngestDeps => ({ intake, dedupe, log: pino({ level: 'silent' }) });
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    dedupe = new EventDedupe(redis, prefix, 60);
  });
  afterAll(async () => {
    await deletePrefix(REDIS_URL, prefix);
    redis.disconnect();
  });

  it('a delivery that failed is handled when VK delivers it again; a handled one is a duplicate', async () => {
    const event = vk.wallReply({ id: 1, fromId: 5, text: 'Когда починят дорогу?' }) as VkEnvelope;
    const { intake, queued } = flakyIntake(1);
    await expect(ingestVkEvent(deps(intake), 'acc', event)).rejects.toThrow('redis went away');
    expect(await ingestVkEvent(deps(intake), 'acc', event)).toBe('queued');
    expect(await ingestVkEvent(deps(intake), 'acc', event)).toBe('duplicate');
    expect(queued).toHaveLength(1);
  });

  // Regression: the id used to be claimed before the intake and released on failure. With Redis gone
  // the release failed too, and the redelivery was dropped as a duplicate of a comment never queued.
  it('the id is noted only after the comment is queued', async () => {
    const event = vk.wallReply({ id: 2, fromId: 5, text: 'Где расписание автобусов?' }) as VkEnvelope;
    const scope = 'vk:acc';
    let seenDuringIntake: boolean | undefined;
    const { intake } = flakyIntake(0, async () => {
      seenDuringIntake = await dedupe.seen(scope, event.event_id ?? '');
    });
    expect(await ingestVkEvent(deps(intake), 'acc', event)).toBe('queued');
    expect(seenDuringIntake).toBe(false);
    expect(await dedupe.seen(scope, event.event_id ?? '')).toBe(true);
  });

  it('failing to note the id does not fail a queued comment', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const event = vk.wallReply({ id: 3, fromId: 5, text: 'Спасибо за ответ' }) as VkEnvelope;
    const { intake, queued } = flakyIntake(0);
    // Both the check and the note fail here: the check's failure is the webhook's error (503, VK
    // delivers again); so only the note is made to fail, through a dedupe whose check passes.
    const noteFails = new EventDedupe(dead, prefix, 60);
    noteFails.seen = async () => false;
    expect(await ingestVkEvent({ ...deps(intake), dedupe: noteFails }, 'acc', event)).toBe('queued');
    expect(queued).toHaveLength(1);
    dead.disconnect();
  });

  it('webhooks of one event-loop turn share one command to check their ids and one to note them', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    await dedupe.remember('vk:acc', 'batch-3');
    const log = logCommands(redis);
    const seen = await Promise.all(ids.map((id) => dedupe.seen('vk:acc', id)));
    await Promise.all(ids.map((id) => dedupe.remember('vk:acc', id)));
    log.stop();
    expect(log.names).toEqual(['mget', 'eval']);
    expect(seen.filter(Boolean)).toHaveLength(1);
    expect(seen[3]).toBe(true);
    expect(await Promise.all(ids.map((id) => dedupe.seen('vk:acc', id)))).toEqual(ids.map(() => true));
    expect(await redis.ttl(`${prefix}:event-seen:vk:acc:batch-7`)).toBeGreaterThan(0);
  });
});
