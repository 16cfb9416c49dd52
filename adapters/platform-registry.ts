import type { Account } from '../config/accounts.ts';
import { ConfigError } from '../config/config-error.ts';
import type { PlatformActions } from './platform-actions.ts';
import { VkActions } from './vk/vk-actions.ts';

/**
 * Builds the action client of one account from its config and resolved secrets.
 *
 * @throws {ConfigError} when the platform has no adapter or a needed token is missing.
 */
export function createPlatformActions(
  account: Account,
  secrets: Readonly<Record<string, string>>,
): PlatformActions {
  switch (account.platform) {
    case 'vk': {
      const user = secrets.user;
      if (!user)
        throw new ConfigError(
          account.tokens.user,
          undefined,
          `account "${account.id}" needs a VK user token for deletions`,
        );
      return new VkActions(account, user);
    }
    case 'ok':
    case 'facebook':
    case 'instagram':
      throw new ConfigError(
        `accounts[${account.id}].platform`,
        account.platform,
        'this build supports only: vk',
      );
  }
}
