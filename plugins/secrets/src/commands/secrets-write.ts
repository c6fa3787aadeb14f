import {
  ScaiVaultCommand,
  Tokens,
  UsageError,
  parseDuration,
  parseInteger,
  parseJsonInput,
  readFileOrStdin,
  requireSecretPath,
} from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { SecretType } from '@scaivault/core/sdk';
import { parseKeyValueArguments, resolveKeyValues } from '../input/key-values.js';

const SECRET_TYPES: readonly SecretType[] = ['kv', 'json', 'certificate', 'ssh_key', 'api_key'];

export class SecretsWriteCommand extends ScaiVaultCommand {
  static override paths = [['secrets', 'write']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Secrets',
    description: 'Write a new version of a secret',
    details: `
      Data comes from \`key=value\` arguments or from a JSON object (\`--json-file FILE\`, or \`-\` for stdin).
      To keep values out of shell history and the process list, use \`key=@file\` (the value is the file's content) or
      \`key=-\` (the value is read from stdin, a final newline dropped; on a terminal it is asked for without echo). \`key=@@x\` is the literal value \`@x\`.
      Every write creates a new version; \`--max-versions\` sets how many are kept. \`--secret-policy\` links the
      secret policy that \`secrets rotate\` generates new values with.
    `,
    examples: [
      ['Write key/value data', 'scaivault secrets write app/db/credentials username=admin password=s3cret'],
      ['Read the password from stdin', 'printf %s "$PW" | scaivault secrets write app/db/credentials username=admin password=-'],
      ['Write a JSON document', 'scaivault secrets write app/config --type json --json-file config.json'],
      ['Write a key that expires', 'scaivault secrets write app/api-key key=@key.txt --expires-in 30d'],
    ],
  });

  secretPath = Option.String({ name: 'path' });
  pairs = Option.Rest({ name: 'key=value' });
  type = Option.String('--type', { description: `Secret type: ${SECRET_TYPES.join(', ')} (default kv)` });
  jsonFile = Option.String('--json-file', { description: 'Read the data as a JSON object from FILE, or - for stdin' });
  expiresIn = Option.String('--expires-in', { description: 'Expire after this long, e.g. 30d or 12h' });
  maxVersions = Option.String('--max-versions', { description: 'How many versions to keep (1-1000)' });
  description = Option.String('--description', { description: 'Set the description in the metadata' });
  secretPolicy = Option.String('--secret-policy', {
    description: 'Secret policy (sp_...) that generates the value when the secret is rotated',
  });

  async execute(): Promise<number> {
    const path = requireSecretPath(this.secretPath);
    if (this.type !== undefined && !SECRET_TYPES.includes(this.type as SecretType)) {
      throw new UsageError(`invalid --type ${JSON.stringify(this.type)}`, `use one of ${SECRET_TYPES.join(', ')}`);
    }
    if (this.expiresIn !== undefined) parseDuration(this.expiresIn, '--expires-in');
    const maxVersions =
      this.maxVersions === undefined ? undefined : parseInteger(this.maxVersions, '--max-versions', { min: 1, max: 1000 });
    const secretPolicy = this.secretPolicy === undefined ? undefined : requireSecretPolicyId(this.secretPolicy);
    const data = await this.readData();

    const client = await this.api();
    const written = await client.secrets.write(path, data, {
      ...(this.type ? { secretType: this.type as SecretType } : {}),
      ...(this.expiresIn ? { expiresIn: this.expiresIn } : {}),
      ...(maxVersions ? { maxVersions } : {}),
      ...(this.description ? { metadata: { description: this.description } } : {}),
      ...(secretPolicy ? { secretPolicyId: secretPolicy } : {}),
    });
    this.output.success(`Wrote version ${written.version} of ${written.path}`, written);
    return 0;
  }

  /** Parses everything before reading anything, so bad input fails before stdin is consumed. */
  private async readData(): Promise<Record<string, unknown>> {
    const pairs = parseKeyValueArguments(this.pairs);
    if (this.jsonFile !== undefined && pairs.length > 0) throw new UsageError('give either key=value arguments or --json-file, not both');
    if (this.jsonFile === undefined && pairs.length === 0)
      throw new UsageError('no data to write', 'give key=value arguments or --json-file');
    const io = { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin };
    if (this.jsonFile !== undefined) {
      const source = this.jsonFile === '-' ? 'stdin' : this.jsonFile;
      const text = await readFileOrStdin(this.jsonFile, `--json-file ${this.jsonFile}`, io);
      const parsed = parseJsonInput(text, source);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${source} must hold a JSON object`);
      if (Object.keys(parsed).length === 0) throw new UsageError(`${source} holds an empty object: nothing to write`);
      return parsed as Record<string, unknown>;
    }
    return resolveKeyValues(pairs, { ...io, prompt: this.resolve(Tokens.Prompt) });
  }
}

/** A secret policy id (`sp_...`), checked before it goes into the request. */
function requireSecretPolicyId(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(value))
    throw new UsageError(
      `invalid --secret-policy ${JSON.stringify(value)}`,
      'use the id shown by `scaivault secret-policies list`, e.g. sp_strong_password',
    );
  return value;
}
