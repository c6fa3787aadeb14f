import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileMasterKeySource, type MasterKeySource } from '../master-key.js';
import { MasterKeyError } from '../shared-master-key.js';
import { KEY_ROOT_FILE } from './key-root-file.js';

/**
 * The master key of a data directory: `master.key` beside the data, or — when `scaivault tpm init`
 * prepared it — the token named in key-root.json. The token code (and pkcs11js) loads only then.
 */
export async function dataDirKeySource(dataDir: string, pin?: () => Promise<string>): Promise<MasterKeySource> {
  if (!existsSync(join(dataDir, KEY_ROOT_FILE))) return new FileMasterKeySource(dataDir);
  if (existsSync(join(dataDir, 'master.key')))
    throw new MasterKeyError(
      `${dataDir} holds both master.key and ${KEY_ROOT_FILE}: a move onto the token did not finish; run \`scaivault tpm init --data-dir ${dataDir}\` again`,
    );
  const { TokenMasterKeySource } = await import('./token-master-key-source.js');
  return TokenMasterKeySource.open(
    dataDir,
    pin ??
      (async () => {
        throw new MasterKeyError("this data directory's master key is wrapped by a PKCS#11 token, and no user PIN was given");
      }),
  );
}
