import { VkEmulator } from '../../emulators/vk-emulator.ts';

/**
 * Delivers a Callback API event the way VK does: until the answer is `ok`, again and again with
 * `X-Retry-Counter`, pausing between tries. Returns the number of tries.
 */
export async function deliverUntilOk(
  url: string,
  event: unknown,
  giveUpMs = 60_000,
  pauseMs = 200,
): Promise<number> {
  const end = Date.now() + giveUpMs;
  for (let attempt = 0; ; attempt++) {
    const res = await VkEmulator.deliver(url, event, attempt).catch(() => ({ status: 0, body: '' }));
    if (res.status === 200 && res.body === 'ok') return attempt + 1;
    if (Date.now() > end) throw new Error(`VK would have given up: last answer ${res.status} ${res.body}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
