import { createRequire } from 'node:module';
import type * as Fs from 'node:fs';
import type { FileSystem } from './file-system.js';

/**
 * The real file system, as the FileSystem core hands its commands: node:fs itself, required. Not a
 * namespace import: in the bundle that becomes a copy of every one of node:fs's ~100 exports (a
 * property descriptor and a getter each) on each start.
 */
export const nodeFileSystem: FileSystem = createRequire(import.meta.url)('node:fs') as typeof Fs;
