// ScaiVaultClient: one authenticated connection to a ScaiVault server, with a namespace per API area.
import { ClientCredentialsToken, StaticToken, type AccessTokenSource, type GrantedToken } from './auth/access-token.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_TOKEN_URL,
  type ClientCredentialsClientOptions,
  type ScaiVaultClientOptions,
} from './client-options.js';
import { AuditNamespace } from './namespaces/audit.js';
import { AuthNamespace } from './namespaces/auth.js';
import { DynamicNamespace } from './namespaces/dynamic.js';
import { FederationNamespace } from './namespaces/federation.js';
import { IdentityNamespace } from './namespaces/identity.js';
import { ScaiKeyNamespace } from './namespaces/scaikey.js';
import { PkiNamespace } from './namespaces/pki/index.js';
import { PoliciesNamespace } from './namespaces/policies.js';
import { RotationNamespace } from './namespaces/rotation.js';
import { SecretPoliciesNamespace } from './namespaces/secret-policies.js';
import { SecretsNamespace } from './namespaces/secrets.js';
import { ServiceAccountsNamespace } from './namespaces/service-accounts.js';
import { SubscriptionsNamespace } from './namespaces/subscriptions.js';
import { SystemNamespace } from './namespaces/system.js';
import { WebhooksNamespace } from './namespaces/webhooks.js';
import { sendRawRequest, type RawRequest, type RawResponse } from './raw-request.js';
import * as s from './response-shape.js';
import { retryPolicyFrom } from './transport/retry-policy.js';
import { Transport } from './transport/transport.js';
import { SDK_VERSION } from './version.js';

const isGrantedToken = s.object({
  access_token: s.string,
  token_type: s.optional(s.string),
  expires_in: s.optional(s.number),
  scope: s.optional(s.string),
});

function usesClientCredentials(options: ScaiVaultClientOptions): options is ClientCredentialsClientOptions {
  return 'clientId' in options && options.clientId !== undefined;
}

export class ScaiVaultClient {
  readonly secrets: SecretsNamespace;
  /** Partner-wide secrets (`/v1/partner/secrets`): readable by every tenant of the partner. */
  readonly partnerSecrets: SecretsNamespace;
  readonly policies: PoliciesNamespace;
  readonly secretPolicies: SecretPoliciesNamespace;
  readonly rotation: RotationNamespace;
  readonly pki: PkiNamespace;
  readonly dynamic: DynamicNamespace;
  readonly audit: AuditNamespace;
  readonly serviceAccounts: ServiceAccountsNamespace;
  readonly subscriptions: SubscriptionsNamespace;
  readonly webhooks: WebhooksNamespace;
  readonly federation: FederationNamespace;
  readonly identity: IdentityNamespace;
  /** ScaiKey's public registration API, at a ScaiKey origin given per call. */
  readonly scaikey: ScaiKeyNamespace;
  readonly auth: AuthNamespace;
  readonly system: SystemNamespace;

  private readonly http: Transport;

  constructor(options: ScaiVaultClientOptions) {
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//i.test(options.baseUrl)) {
      throw new TypeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    const now = options.clock ?? Date.now;
    const timeout = typeof options.timeout === 'number' ? { requestMs: options.timeout } : (options.timeout ?? {});
    this.http = new Transport({
      baseUrl: options.baseUrl,
      tokens: this.tokenSourceFor(options, now),
      tenantId: options.tenantId,
      partnerId: options.partnerId,
      userAgent: options.userAgent ?? `scaivault-js/${SDK_VERSION}`,
      connectTimeoutMs: timeout.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: timeout.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      retry: retryPolicyFrom(options.retry),
      hooks: options.hooks,
      dispatcher: options.dispatcher,
      httpClient: options.httpClient ?? 'undici',
      now,
    });
    this.secrets = new SecretsNamespace(this.http);
    this.partnerSecrets = new SecretsNamespace(this.http, '/v1/partner/secrets');
    this.policies = new PoliciesNamespace(this.http);
    this.secretPolicies = new SecretPoliciesNamespace(this.http);
    this.rotation = new RotationNamespace(this.http);
    this.pki = new PkiNamespace(this.http);
    this.dynamic = new DynamicNamespace(this.http);
    this.audit = new AuditNamespace(this.http);
    this.serviceAccounts = new ServiceAccountsNamespace(this.http);
    this.subscriptions = new SubscriptionsNamespace(this.http);
    this.webhooks = new WebhooksNamespace(this.http);
    this.federation = new FederationNamespace(this.http);
    this.identity = new IdentityNamespace(this.http);
    this.scaikey = new ScaiKeyNamespace(this.http);
    this.auth = new AuthNamespace(this.http);
    this.system = new SystemNamespace(this.http);
  }

  private tokenSourceFor(options: ScaiVaultClientOptions, now: () => number): AccessTokenSource {
    if (!usesClientCredentials(options)) return new StaticToken(options.token);
    const scope = typeof options.scope === 'string' ? options.scope : options.scope?.join(' ');
    // The token request goes through the same transport (hooks, retries, dispatcher), which exists
    // by the time the first token is needed. The grant has no side effect, so it may be repeated.
    const requestToken = (tokenUrl: string, form: Record<string, string>): Promise<GrantedToken> =>
      this.http.json({ method: 'POST', path: tokenUrl, form, authenticate: false, repeatable: true }, isGrantedToken);
    const grant = {
      tokenUrl: options.tokenUrl ?? DEFAULT_TOKEN_URL,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scope,
    };
    return new ClientCredentialsToken(grant, requestToken, now);
  }

  /**
   * One request to any path below the base URL, through the same transport as every namespace
   * (credentials, tenant and partner headers, retries, hooks, typed errors), for endpoints the
   * namespaces do not cover. A non-2xx answer throws like any call.
   */
  request(request: RawRequest): Promise<RawResponse> {
    return sendRawRequest(this.http, request);
  }

  /** Closes the connection pool the client created. An injected `dispatcher` is left open. */
  close(): Promise<void> {
    return this.http.close();
  }
}
