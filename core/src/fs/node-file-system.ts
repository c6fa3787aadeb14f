import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type { FileSystem } from './file-system.js';

/**
 * The real file system, as the FileSystem core hands its commands. Named imports on purpose: a
 * namespace import of node:fs becomes, in the bundle, a copy of every one of its ~100 exports on
 * each start (a property descriptor and a getter each, before anything has been compiled).
 */
export const nodeFileSystem: FileSystem = {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
};
