import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { VK_GROUP_ID } from '../helpers/vk-fixture.ts';

describe('HTTP: health and the VK Callback API boundary', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('http');
  });
  afterAll(async () => h.stop());

  const post = (path: string, body: string) =>
    fetch(`${h.app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('GET /healthz reports Redis and workers', async () => {
    const res = await fetch(`${h.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, checks: { redis: true, workers: true } });
  });

  it('answers the confirmation request with the configured string', async () => {
    const res = await post(
      '/webhooks/vk/test-vk',
      JSON.stringify({ type: 'confirmation', group_id: VK_GROUP_ID, secret: 'cb-secret' }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('a1b2c3d4');
  });

  it.each([
    ['unknown account', '/webhooks/vk/nobody', { type: 'wall_reply_new', group_id: VK_GROUP_ID }, 404],
    [
      'wrong secret',
      '/webhooks/vk/test-vk',
      { type: 'wall_reply_new', group_id: VK_GROUP_ID, secret: 'guess', object: {} },
      403,
    ],
    [
      'another group',
      '/webhooks/vk/test-vk',
      { type: 'wall_reply_new', group_id: 1, secret: 'cb-secret', object: {} },
      403,
    ],
    ['no type', '/webhooks/vk/test-vk', { group_id: VK_GROUP_ID, secret: 'cb-secret' }, 400],
  ])('refuses %s with a 4xx and queues nothing', async (_name, path, body, status) => {
    const before = await h.app.intake.queue.count();
    const res = await post(path, JSON.stringify(body));
    expect(res.status).toBe(status);
    expect(await h.app.intake.queue.count()).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await post('/webhooks/vk/test-vk', '{"type": "wall_reply_new", ');
    expect(res.status).toBe(400);
  });

  it('refuses a body over the size limit', async () => {
    const res = await post('/webhooks/vk/test-vk', JSON.stringify({ pad: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
  });
});
