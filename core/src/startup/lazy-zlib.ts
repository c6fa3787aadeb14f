import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';

let zlib: typeof Zlib | undefined;

/**
 * node:zlib's CRC-32, with node:zlib loaded on first use: loading it costs about a millisecond, and
 * a root help printed from its cache (`main-help-cache.ts`) checks no code cache and needs none of it.
 */
export function crc32(data: string | Uint8Array, value?: number): number {
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof Zlib;
  return zlib.crc32(data, value);
}
