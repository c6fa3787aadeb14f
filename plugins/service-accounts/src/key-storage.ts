import { CliError, describeError, type Output } from '@scaivault/core';
import type { CreatedApiKey, ScaiVaultClient, SecretInfo } from '@scaivault/core/sdk';

/** What `--store-in` writes: the key and enough to find it again, as an `api_key` secret. */
export function keySecretData(key: CreatedApiKey, accountId: string): Record<string, string> {
  return { key: key.key, key_id: key.id, service_account_id: key.service_account_id ?? accountId };
}

/**
 * Writes a freshly created key into ScaiVault. If the write fails the key is revoked, so it is
 * neither lost nor left live with nobody holding it; if revoking fails too, the plaintext goes to
 * stderr as the last place it can be kept. Either way the write's failure is what is thrown.
 */
export async function storeKeyOrRevoke(
  client: ScaiVaultClient,
  output: Output,
  target: { accountId: string; path: string; key: CreatedApiKey },
): Promise<SecretInfo> {
  const { accountId, path, key } = target;
  let storeError: unknown;
  try {
    return await client.secrets.write(path, keySecretData(key, accountId), { secretType: 'api_key' });
  } catch (error) {
    storeError = error;
  }
  const stored = describeError(storeError);
  try {
    await client.serviceAccounts.deleteKey(accountId, key.id);
  } catch (revokeError) {
    const revoke = describeError(revokeError);
    output.warn(`storing the new key at ${path} failed (${stored.message}) and revoking it failed too (${revoke.message}).`);
    output.warn(
      `key ${key.id} of ${accountId} is LIVE. Keep the value below somewhere safe now, or revoke it: scaivault service-accounts delete-key ${accountId} ${key.id} --yes`,
    );
    output.info(key.key);
    throw new CliError(`could not store key ${key.id} at ${path} nor revoke it: the key is live and printed above`, {
      exitCode: stored.exitCode,
      code: stored.code,
    });
  }
  throw new CliError(`could not store the new key at ${path}: ${stored.message}`, {
    exitCode: stored.exitCode,
    code: stored.code,
    hint: `key ${key.id} was revoked, so nothing was left behind; fix the cause and run create-key again`,
  });
}
