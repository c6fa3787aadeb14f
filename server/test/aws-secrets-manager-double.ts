import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for AWS Secrets Manager on 127.0.0.1, reproducing the parts of its published API
 * (docs.aws.amazon.com/secretsmanager/latest/apireference) the federation adapter uses, over the
 * AWS JSON 1.1 protocol the SDK speaks (`POST /`, `X-Amz-Target: secretsmanager.<Action>`,
 * `Content-Type: application/x-amz-json-1.1`):
 *
 * - Every request is checked for a valid Signature Version 4 `Authorization` header (the canonical
 *   request, string to sign and signing key as the SigV4 documentation defines them, service
 *   `secretsmanager`): an unknown access key → 400 `UnrecognizedClientException`, a wrong signature
 *   → 400 `InvalidSignatureException`.
 * - `GetSecretValue` `{SecretId, VersionId?}` → `{ARN, Name, VersionId, SecretString, VersionStages,
 *   CreatedDate}`; an unknown secret → 400 `ResourceNotFoundException`.
 * - `ListSecrets` `{MaxResults, NextToken, Filters: [{Key: "name", Values}]}` → `{SecretList: [{ARN,
 *   Name}], NextToken}` — the `name` filter is a prefix match, and (as the documentation allows) a
 *   page may hold fewer than `MaxResults` with a `NextToken`: this double returns two per page.
 * - `PutSecretValue` `{SecretId, SecretString}` → `{ARN, Name, VersionId, VersionStages}` (unknown
 *   secret → `ResourceNotFoundException`); `CreateSecret` `{Name, SecretString}` → `{ARN, Name, VersionId}`.
 *
 * Errors are the protocol's `{"__type": "<Code>", "message"}` with status 400.
 */
export interface AwsDouble {
  url: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  put(name: string, secretString: string): void;
  current(name: string): string | undefined;
  actions: string[];
  close(): Promise<void>;
}

const PAGE = 2;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Whether the request carries a SigV4 signature made with `secretKey` (null: it names another key). */
function signatureProblem(req: IncomingMessage, body: Buffer, keys: Map<string, string>): string | undefined {
  const auth = req.headers.authorization ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return 'UnrecognizedClientException';
  const [, keyId, date, region, service, signedHeaders, signature] = match;
  const secretKey = keys.get(keyId!);
  if (!secretKey) return 'UnrecognizedClientException';
  const amzDate = req.headers['x-amz-date'] as string | undefined;
  if (!amzDate?.startsWith(date!) || service !== 'secretsmanager') return 'InvalidSignatureException';
  const url = new URL(req.url ?? '/', 'http://aws');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerNames = signedHeaders!.split(';');
  const headers = headerNames
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, sha256(body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date!), region!), service!), 'aws4_request');
  return hmac(key, toSign).toString('hex') === signature ? undefined : 'InvalidSignatureException';
}

export async function startAwsSecretsManagerDouble(): Promise<AwsDouble> {
  const region = 'us-east-1';
  const keys = new Map([['AKIAFEDERATIONTEST01', 'secret-access-key-of-the-double']]);
  const secrets = new Map<string, Array<{ versionId: string; value: string }>>();
  const actions: string[] = [];
  const arn = (name: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`;
  const put = (name: string, value: string) => {
    const versionId = randomUUID();
    secrets.set(name, [...(secrets.get(name) ?? []), { versionId, value }]);
    return versionId;
  };
  const fail = (res: ServerResponse, type: string, message: string) => answer(res, 400, { __type: type, message });
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
      actions.push(action);
      if (req.method !== 'POST' || !action) return fail(res, 'UnknownOperationException', 'Unknown operation');
      const problem = signatureProblem(req, raw, keys);
      if (problem === 'UnrecognizedClientException') return fail(res, problem, 'The security token included in the request is invalid.');
      if (problem) return fail(res, problem, 'The request signature we calculated does not match the signature you provided.');
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, any>;
      const notFound = () => fail(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      if (action === 'GetSecretValue') {
        const versions = secrets.get(body.SecretId);
        const version = body.VersionId ? versions?.find((v) => v.versionId === body.VersionId) : versions?.at(-1);
        if (!version) return notFound();
        return answer(res, 200, {
          ARN: arn(body.SecretId),
          Name: body.SecretId,
          VersionId: version.versionId,
          SecretString: version.value,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1776952800,
        });
      }
      if (action === 'ListSecrets') {
        const prefixes: string[] = (body.Filters ?? []).filter((f: any) => f.Key === 'name').flatMap((f: any) => f.Values);
        const names = [...secrets.keys()].filter((name) => prefixes.length === 0 || prefixes.some((p) => name.startsWith(p))).sort();
        const start = body.NextToken ? Number(body.NextToken) : 0;
        const size = Math.min(PAGE, body.MaxResults ?? 100);
        const page = names.slice(start, start + size);
        return answer(res, 200, {
          SecretList: page.map((name) => ({ ARN: arn(name), Name: name })),
          ...(start + size < names.length ? { NextToken: String(start + size) } : {}),
        });
      }
      if (action === 'PutSecretValue') {
        if (!secrets.has(body.SecretId)) return notFound();
        const versionId = put(body.SecretId, body.SecretString);
        return answer(res, 200, { ARN: arn(body.SecretId), Name: body.SecretId, VersionId: versionId, VersionStages: ['AWSCURRENT'] });
      }
      if (action === 'CreateSecret') {
        if (secrets.has(body.Name)) return fail(res, 'ResourceExistsException', 'The secret already exists.');
        const versionId = put(body.Name, body.SecretString);
        return answer(res, 200, { ARN: arn(body.Name), Name: body.Name, VersionId: versionId });
      }
      return fail(res, 'UnknownOperationException', `Unknown operation ${action}`);
    })().catch(() => fail(res, 'InternalServiceError', 'internal error'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region,
    accessKeyId: 'AKIAFEDERATIONTEST01',
    secretAccessKey: 'secret-access-key-of-the-double',
    put: (name, value) => void put(name, value),
    current: (name) => secrets.get(name)?.at(-1)?.value,
    actions,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
