import type { Redis } from 'ioredis';

// KEYS: the claim keys; ARGV[1]: the job id; ARGV[2]: seconds a claim lasts. Answers, per key, 1
// when this job holds the claim (taken now, or taken by this job before its crash), else 0.
const CLAIM = `
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'EX', ARGV[2], 'NX') or redis.call('GET', key) == ARGV[1] then
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`;

/**
 * Decides which comment keys a moderate job may decide: the first job to see a key claims it (for
 * `ttlSeconds`), so a platform's redelivery — queued again in another job — is dropped. The claim
 * names the job, so the same job run again after a crash still owns its comments.
 *
 * One command per batch (a script): a SET NX per key, then a GET for each key already claimed, had
 * been two round trips and a command per comment.
 *
 * @returns the keys this job owns.
 */
export async function claimComments(
  redis: Redis,
  prefix: string,
  keys: readonly string[],
  jobId: string,
  ttlSeconds: number,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const held = await redis.eval(
    CLAIM,
    keys.length,
    ...keys.map((k) => `${prefix}:claim:${k}`),
    jobId,
    ttlSeconds,
  );
  if (!Array.isArray(held) || held.length !== keys.length)
    throw new Error(
      `comment claims answered ${Array.isArray(held) ? held.length : typeof held} for ${keys.length} keys`,
    );
  return new Set(keys.filter((_, i) => held[i] === 1));
}

/**
 * Gives up a job's claims (when the job failed for good), so a redelivery of its comments is
 * moderated instead of being dropped as a duplicate. Only claims still held by `jobId` are removed.
 */
export async function releaseClaims(
  redis: Redis,
  prefix: string,
  keys: readonly string[],
  jobId: string,
): Promise<void> {
  const redisKey = (k: string) => `${prefix}:claim:${k}`;
  const holders = await Promise.all(keys.map((k) => redis.get(redisKey(k))));
  const mine = keys.filter((_, i) => holders[i] === jobId).map(redisKey);
  if (mine.length > 0) await redis.del(...mine);
}
