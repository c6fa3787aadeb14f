import { existsSync } from 'node:fs';
import { UsageError, type Env } from '@scaivault/core';

/** Where Debian, Ubuntu and Fedora install the two PKCS#11 modules this plugin is tested with. */
export const KNOWN_MODULES = {
  tpm: [
    '/usr/lib/x86_64-linux-gnu/libtpm2_pkcs11.so.1',
    '/usr/lib/aarch64-linux-gnu/libtpm2_pkcs11.so.1',
    '/usr/lib64/pkcs11/libtpm2_pkcs11.so',
    '/usr/lib/pkcs11/libtpm2_pkcs11.so',
  ],
  softhsm: [
    '/usr/lib/softhsm/libsofthsm2.so',
    '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
    '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
    '/usr/lib64/pkcs11/libsofthsm2.so',
  ],
} as const;

export const MODULE_ENV = 'SCAIVAULT_PKCS11_MODULE';

/**
 * The PKCS#11 library: `--module PATH`, or `--module tpm|softhsm` for the usual install paths, or
 * SCAIVAULT_PKCS11_MODULE; by default tpm2-pkcs11 when installed, else SoftHSM2.
 */
export function resolveModule(given: string | undefined, env: Env, exists: (path: string) => boolean = existsSync): string {
  const wanted = given ?? (env[MODULE_ENV] || undefined);
  if (wanted === 'tpm' || wanted === 'softhsm') {
    const found = KNOWN_MODULES[wanted].find(exists);
    if (!found)
      throw new UsageError(
        `--module ${wanted}: the ${wanted === 'tpm' ? 'tpm2-pkcs11' : 'SoftHSM2'} module is not installed in any usual place`,
        wanted === 'tpm' ? 'apt-get install libtpm2-pkcs11-1, or pass --module PATH' : 'apt-get install softhsm2, or pass --module PATH',
      );
    return found;
  }
  if (wanted !== undefined) {
    if (!wanted.startsWith('/')) throw new UsageError(`--module must be an absolute path, tpm or softhsm (got ${wanted})`);
    if (!exists(wanted))
      throw new UsageError(`the PKCS#11 module ${wanted} does not exist`, 'pass --module with the path of the .so, or tpm / softhsm');
    return wanted;
  }
  const found = [...KNOWN_MODULES.tpm, ...KNOWN_MODULES.softhsm].find(exists);
  if (!found)
    throw new UsageError('no PKCS#11 module found', 'install tpm2-pkcs11 (libtpm2-pkcs11-1) or SoftHSM2 (softhsm2), or pass --module PATH');
  return found;
}
