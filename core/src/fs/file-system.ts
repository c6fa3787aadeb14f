import type * as nodeFs from 'node:fs';

/**
 * The synchronous subset of `node:fs` that core uses for its own files (config, credentials,
 * plugin bookkeeping). Commands receive it through DI so tests can hand them memfs.
 */
export type FileSystem = Pick<
  typeof nodeFs,
  | 'existsSync'
  | 'readFileSync'
  | 'writeFileSync'
  | 'renameSync'
  | 'mkdirSync'
  | 'chmodSync'
  | 'statSync'
  | 'unlinkSync'
  | 'openSync'
  | 'closeSync'
  | 'fsyncSync'
  | 'readdirSync'
  | 'rmSync'
>;
