import { PlainCommand, Tokens, UsageError, readJsonFile } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { fetchAllPages } from '../paginate.js';
import { asQuery, parseFields, requireApiPath, requireMethod } from '../request-input.js';

export class ApiCommand extends PlainCommand {
  static override paths = [['api']];
  // Any method on any path, its answer printed as it came: never a tool a model may call.
  static override tool = false as const;
  static override effect = 'write' as const;

  static override placeholders = { '--raw-field': 'key=value', '--typed-field': 'key=value', '--input': 'file' };

  static override usage = PlainCommand.Usage({
    category: 'API',
    description: 'Send an authenticated request to any API path',
    details: `
      For endpoints no command covers yet. The request goes through the same client as every command: your token,
      the tenant and partner headers (\`--tenant\`, \`--partner\`), retries of what is safe to repeat, and
      \`SCAIVAULT_DEBUG=1\` tracing with the token and secret values masked. The path is below the base URL and may
      carry a query string; the answer is printed as the server sent it (JSON, indented), a non-2xx answer is one
      error line on stderr with the usual exit code (2 not authenticated, 3 permission denied, 4 not found, 5
      invalid, 1 otherwise).

      \`-f key=value\` adds a string field, \`-F key=value\` a JSON literal (number, true, false, null, or quoted JSON).
      For GET and HEAD the fields go into the query string; for other methods they are the JSON body. \`--input FILE\`
      (\`-\` for stdin) sends that JSON as the body instead; fields then go into the query string.

      \`--paginate\` (GET) follows \`cursor\` while \`has_more\` is true and prints one envelope with every page's items,
      \`"cursor": null, "has_more": false\` — as \`--all\` does for the list commands.
    `,
    examples: [
      ['Read a secret', 'scaivault api GET /v1/secrets/app/db'],
      ['Every secret under a prefix, all pages', "scaivault api GET /v1/secrets -f prefix=app/ --paginate | jq -r '.secrets[].path'"],
      ['Write a secret from a file', 'scaivault api PUT /v1/secrets/app/db --input body.json'],
      [
        'Update metadata with fields',
        'scaivault api PATCH /v1/secrets/app/db/metadata -f description="primary database" -F tags=\'["db"]\'',
      ],
      ['From stdin, for another tenant', 'echo \'{"name": "ci"}\' | scaivault api POST /v1/service-accounts --input - --tenant tnt_acme'],
    ],
  });

  method = Option.String({ name: 'method' });
  apiPath = Option.String({ name: 'path' });
  rawFields = Option.Array('-f,--raw-field', [], { description: 'A string field key=value (repeatable)' });
  typedFields = Option.Array('-F,--typed-field', [], {
    description: 'A JSON-literal field key=value: number, true, false, null, JSON (repeatable)',
  });
  input = Option.String('--input', { description: 'The JSON body from FILE, or - for stdin' });
  paginate = Option.Boolean('--paginate', false, { description: 'GET: follow the cursor and merge every page into one envelope' });
  url = Option.String('--url', { description: 'API base URL for this call (overrides SCAIVAULT_URL and base_url)' });
  tenant = Option.String('--tenant', { description: 'Act in this tenant, for partner admins (overrides tenant_id)' });
  partner = Option.String('--partner', { description: 'Act as this partner (overrides partner_id)' });

  async execute(): Promise<number> {
    const method = requireMethod(this.method);
    const path = requireApiPath(this.apiPath);
    const fields = parseFields(this.rawFields, this.typedFields);
    if (this.paginate && method !== 'GET') throw new UsageError('--paginate works with GET only');
    const bodyless = method === 'GET' || method === 'HEAD';
    if (bodyless && this.input !== undefined)
      throw new UsageError(`--input cannot be sent with ${method}`, 'use -f key=value for the query string');
    const io = { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin };
    const body =
      this.input !== undefined
        ? (await readJsonFile(this.input, '--input', io)).value
        : bodyless || Object.keys(fields).length === 0
          ? undefined
          : fields;
    const query = bodyless || this.input !== undefined ? asQuery(fields) : {};

    const client = await this.api();
    const send = (extra: Record<string, string>) =>
      client.request({ method, path, query: { ...query, ...extra }, ...(body === undefined ? {} : { body }) });
    const answer = this.paginate
      ? await fetchAllPages(path, (cursor) => send(cursor === undefined ? {} : { cursor }))
      : (await send({})).body;
    if (answer === undefined) return 0;
    this.output.raw(typeof answer === 'string' ? answer : `${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  }
}
