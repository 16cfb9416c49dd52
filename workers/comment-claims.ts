import type { Redis } from 'ioredis';

/**
 * Decides which comment keys a moderate job may decide: the first job to see a key claims it (for
 * `ttlSeconds`), so a platform's redelivery — queued again in another job — is dropped. The claim
 * names the job, so the same job run again after a crash still owns its comments.
 *
 * Two round trips per batch: SET NX for every key, then GET for the keys already claimed.
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
  const redisKey = (k: string) => `${prefix}:claim:${k}`;
  const setResults = await Promise.all(
    keys.map((k) => redis.set(redisKey(k), jobId, 'EX', ttlSeconds, 'NX')),
  );
  const owned = new Set<string>();
  const contested: string[] = [];
  keys.forEach((k, i) => (setResults[i] === 'OK' ? owned.add(k) : contested.push(k)));
  const holders = await Promise.all(contested.map((k) => redis.get(redisKey(k))));
  contested.forEach((k, i) => {
    if (holders[i] === jobId) owned.add(k);
  });
  return owned;
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
