// The file format of core's V8 code cache. A cache V8 cannot use costs one recompile; a corrupt one
// handed to V8 aborts the process. So every read is checked here before V8 sees a byte: magic,
// format version, the key it was made for, and a CRC-32 of the rest.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from './lazy-zlib.js';

const MAGIC = 0x53564343; // "SVCC"
const FORMAT = 1;
const HEADER = 24;

export interface CodeCache {
  /** What V8 gets as cachedData. */
  data: Buffer;
  /** The bundle's modules that had run when the cache was made (the code it covers). */
  modules: ReadonlySet<string>;
}

/** Why there is no usable cache: none yet, a damaged file, or one made for another bundle, Node or flags. */
export type NoCodeCache = 'missing' | 'damaged' | 'stale';

/** The cache for `key`, or why there is none to use. */
export function readCodeCache(file: string, key: string): CodeCache | NoCodeCache {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'missing';
  }
  if (bytes.length < HEADER || bytes.readUInt32BE(0) !== MAGIC || bytes.readUInt32BE(4) !== FORMAT) return 'damaged';
  const keyLength = bytes.readUInt32BE(8);
  const modulesLength = bytes.readUInt32BE(12);
  const dataLength = bytes.readUInt32BE(16);
  if (HEADER + keyLength + modulesLength + dataLength !== bytes.length) return 'damaged';
  const body = bytes.subarray(HEADER);
  if (crc32(body) !== bytes.readUInt32BE(20)) return 'damaged';
  if (body.toString('utf8', 0, keyLength) !== key) return 'stale';
  const modules = body.toString('utf8', keyLength, keyLength + modulesLength);
  return { data: body.subarray(keyLength + modulesLength), modules: new Set(modules === '' ? [] : modules.split('\n')) };
}

/** Writes the cache atomically (a concurrent run reads the old file or the new one, never half). Never throws: false when it could not. */
export function writeCodeCache(file: string, key: string, modules: Iterable<string>, data: Buffer): boolean {
  try {
    const body = Buffer.concat([Buffer.from(key), Buffer.from([...modules].join('\n')), data]);
    const header = Buffer.alloc(HEADER);
    header.writeUInt32BE(MAGIC, 0);
    header.writeUInt32BE(FORMAT, 4);
    header.writeUInt32BE(Buffer.byteLength(key), 8);
    header.writeUInt32BE(body.length - Buffer.byteLength(key) - data.length, 12);
    header.writeUInt32BE(data.length, 16);
    header.writeUInt32BE(crc32(body), 20);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([header, body]), { mode: 0o644 });
    renameSync(temporary, file);
    return true;
  } catch {
    // The cache is an optimisation: an unwritable home only costs a compile next time.
    return false;
  }
}

/** A cache file not rewritten for this long is taken to be for a build or Node no longer run. */
export const UNUSED_CACHE_MS = 7 * 24 * 3600_000;

/**
 * Removes the other cache files in `file`'s directory that were last written before `now - UNUSED_CACHE_MS`
 * (every core build and Node version gets a file of its own). One in use by another Node is only made again.
 */
export function pruneCodeCaches(file: string, now: number): void {
  try {
    const dir = dirname(file);
    for (const name of readdirSync(dir)) {
      if (name === basename(file) || !/^(core|plugin)-[0-9a-f]{8}\.bin$/.test(name)) continue;
      const other = join(dir, name);
      if (statSync(other).mtimeMs < now - UNUSED_CACHE_MS) rmSync(other, { force: true });
    }
  } catch {
    // Pruning is housekeeping: whatever it cannot remove now, a later run may.
  }
}
