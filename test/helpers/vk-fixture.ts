import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VkEmulator } from '../../emulators/vk-emulator.ts';

export const VK_GROUP_ID = 4242;
export const VK_TOKENS = {
  T_VK_COMMUNITY: 'community-token',
  T_VK_USER: 'user-token',
  T_VK_SECRET: 'cb-secret',
  T_VK_CONFIRM: 'a1b2c3d4',
};

/** A VK emulator plus a temp accounts file whose one VK account points at it. */
export async function vkFixture(mode: 'enforce' | 'review' | 'shadow' = 'enforce') {
  const vk = await new VkEmulator({
    groupId: VK_GROUP_ID,
    communityToken: VK_TOKENS.T_VK_COMMUNITY,
    userToken: VK_TOKENS.T_VK_USER,
  }).start();
  const dir = await mkdtemp(path.join(tmpdir(), 'strazh-test-'));
  const accountsFile = path.join(dir, 'accounts.yaml');
  await writeFile(
    accountsFile,
    `accounts:
  - id: test-vk
    title: Тестовое сообщество
    platform: vk
    mode: ${mode}
    api_base_url: ${vk.apiBaseUrl}
    platform_ids: { group_id: ${VK_GROUP_ID} }
    tokens: { community: T_VK_COMMUNITY, user: T_VK_USER }
    callback: { secret: T_VK_SECRET, confirmation: T_VK_CONFIRM }
`,
  );
  return {
    vk,
    dir,
    accountsFile,
    async cleanup() {
      await vk.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A wall comment as the VK adapter would submit it. */
export function vkComment(text: string, over: { id?: string; author?: string; revision?: string } = {}) {
  seq += 1;
  return {
    platform: 'vk' as const,
    accountId: 'test-vk',
    commentId: over.id ?? String(10_000 + seq),
    objectId: '1',
    ownerId: `-${VK_GROUP_ID}`,
    kind: 'wall_comment' as const,
    author: { id: over.author ?? '777', name: '' },
    text,
    createdAt: new Date().toISOString(),
    permalink: '',
    revision: over.revision,
    receivedAt: Date.now(),
  };
}
