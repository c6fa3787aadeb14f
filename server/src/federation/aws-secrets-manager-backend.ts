import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BackendStore, RemoteSecret } from './backend-store.js';
import { BackendUnavailable } from './backend-store.js';
import { credentialField, type CredentialReader } from './backend-credentials.js';
import { BACKEND_TIMEOUT_MS } from './backend-http.js';

export interface AwsBackendConfig {
  region: string;
  credentials_path: string;
  /** Another Secrets Manager endpoint (a VPC endpoint, a compatible service); default: the region's. */
  endpoint?: string | undefined;
}

type Sdk = typeof SecretsManager;
let sdk: Promise<Sdk> | undefined;
/** The AWS SDK is loaded the first time an AWS backend is used, so servers without one never load it. */
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@aws-sdk/client-secrets-manager');
  return sdk;
}

const AUTH_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'IncompleteSignature',
]);

/** An SDK failure as one line (its error name and message, which hold no credential) and the state it says the backend is in. */
function failure(error: unknown): BackendUnavailable {
  if (error instanceof BackendUnavailable) return error;
  const { name, message, $metadata } = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (name && AUTH_ERRORS.has(name)) return new BackendUnavailable(`AWS Secrets Manager refused the credentials (${name})`, 'auth_failed');
  if ($metadata?.httpStatusCode !== undefined)
    return new BackendUnavailable(`AWS Secrets Manager answered ${$metadata.httpStatusCode} ${name ?? ''}`.trim(), 'error');
  return new BackendUnavailable(`AWS Secrets Manager is unreachable (${(error as NodeJS.ErrnoException).code ?? name ?? message})`);
}

/**
 * AWS Secrets Manager through the official SDK client: `GetSecretValue` (a JSON object string is the
 * value's fields; any other string is `{"value": ...}`), `ListSecrets` with a name filter (a prefix
 * match), `PutSecretValue` (or `CreateSecret` for a new name) for write-through, signed with the
 * access key in the secret at `credentials_path` (`access_key_id`, `secret_access_key`, optional
 * `session_token`). A backend path is a secret name; the template's `**` stands for the rest of it.
 */
export class AwsSecretsManagerBackend implements BackendStore {
  private client: { key: string; client: SecretsManagerClient } | undefined;

  constructor(
    private readonly config: AwsBackendConfig,
    private readonly credentials: CredentialReader,
  ) {}

  async read(path: string, version?: number): Promise<RemoteSecret | undefined> {
    if (version !== undefined)
      throw new BackendUnavailable('AWS Secrets Manager versions are ids, not numbers: read without a version', 'error');
    const { GetSecretValueCommand } = await loadSdk();
    const client = await this.sdkClient();
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: path }));
      return { data: parseValue(answer.SecretString, answer.SecretBinary), version: answer.VersionId ?? null };
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw failure(error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const { ListSecretsCommand } = await loadSdk();
    const client = await this.sdkClient();
    const names: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const answer = await client.send(
          new ListSecretsCommand({
            MaxResults: 100,
            ...(prefix === '' ? {} : { Filters: [{ Key: 'name', Values: [prefix] }] }),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const entry of answer.SecretList ?? []) if (entry.Name?.startsWith(prefix)) names.push(entry.Name);
        nextToken = answer.NextToken;
      } while (nextToken);
    } catch (error) {
      throw failure(error);
    }
    return names;
  }

  async write(path: string, data: Record<string, unknown>): Promise<void> {
    const { PutSecretValueCommand, CreateSecretCommand } = await loadSdk();
    const client = await this.sdkClient();
    const SecretString = JSON.stringify(data);
    try {
      await client.send(new PutSecretValueCommand({ SecretId: path, SecretString }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw failure(error);
      try {
        await client.send(new CreateSecretCommand({ Name: path, SecretString }));
      } catch (createError) {
        throw failure(createError);
      }
    }
  }

  async ping(): Promise<void> {
    const { ListSecretsCommand } = await loadSdk();
    const client = await this.sdkClient();
    try {
      await client.send(new ListSecretsCommand({ MaxResults: 1 }));
    } catch (error) {
      throw failure(error);
    }
  }

  /** One client per set of credentials: a rotated access key takes effect on the next call. */
  private async sdkClient(): Promise<SecretsManagerClient> {
    const path = this.config.credentials_path;
    const secret = await this.credentials(path);
    const accessKeyId = credentialField(secret, 'access_key_id', path);
    const secretAccessKey = credentialField(secret, 'secret_access_key', path);
    const sessionToken = typeof secret.session_token === 'string' ? secret.session_token : undefined;
    const key = JSON.stringify([accessKeyId, secretAccessKey, sessionToken]);
    if (this.client?.key === key) return this.client.client;
    const { SecretsManagerClient } = await loadSdk();
    this.client?.client.destroy();
    const client = new SecretsManagerClient({
      region: this.config.region,
      ...(this.config.endpoint ? { endpoint: this.config.endpoint } : {}),
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      // One retry: a backend that is down should fail a proxied read in seconds, not after the SDK's three attempts.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: BACKEND_TIMEOUT_MS, requestTimeout: BACKEND_TIMEOUT_MS },
    });
    this.client = { key, client };
    return client;
  }

  close(): void {
    this.client?.client.destroy();
    this.client = undefined;
  }
}

function parseValue(text: string | undefined, binary: Uint8Array | undefined): Record<string, unknown> {
  if (text === undefined) return { value_base64: Buffer.from(binary ?? new Uint8Array()).toString('base64') };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON: the string is the value
  }
  return { value: text };
}
