// @scaivault/sdk — a typed client for the ScaiVault API.
// Importing this module loads no HTTP library: undici is loaded on the first request.
export { ScaiVaultClient } from './client.js';
export type { ScaiVaultClientOptions, TokenClientOptions, ClientCredentialsClientOptions, TimeoutOptions } from './client-options.js';
export { DEFAULT_TOKEN_URL } from './client-options.js';
export type { RetryOptions } from './transport/retry-policy.js';
export type { ClientHooks, RequestHookInfo, ResponseHookInfo, ErrorHookInfo } from './transport/hooks.js';
export type { CallOptions, HttpMethod, HttpClientKind } from './transport/transport.js';
export type { PageOptions } from './pagination.js';
export type { RawRequest, RawResponse } from './raw-request.js';
export type { CursorPage, NumberedPage } from './response-shape.js';

export {
  ScaiVaultError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ValidationError,
  ConflictError,
  RateLimitError,
  ServiceUnavailableError,
  NetworkError,
  TimeoutError,
  ResponseShapeError,
  AbortError,
  errorClassFor,
} from './errors.js';
export type { ScaiVaultErrorInit, ScaiVaultErrorClass } from './errors.js';
export { errorKindFor, errorKindOf, type ErrorKind } from './error-kind.js';

export { validateSecretPath, encodeSecretPath } from './secret-path.js';
export { maskSecrets, maskHeaders, maskFormBody, MASK } from './masking.js';
export { SDK_VERSION } from './version.js';

export * from './namespaces/secrets.js';
export * from './namespaces/policies.js';
export * from './namespaces/secret-policies.js';
export * from './namespaces/rotation.js';
export * from './namespaces/pki/index.js';
export * from './namespaces/pki/certificate-authorities.js';
export * from './namespaces/pki/roles.js';
export * from './namespaces/pki/certificates.js';
export * from './namespaces/pki/certificate-requests.js';
export * from './namespaces/pki/trust-anchors.js';
export * from './namespaces/pki/acme.js';
export * from './namespaces/pki/dns-providers.js';
export * from './namespaces/dynamic.js';
export * from './namespaces/audit.js';
export * from './namespaces/service-accounts.js';
export * from './namespaces/subscriptions.js';
export * from './namespaces/webhooks.js';
export * from './namespaces/federation.js';
export * from './namespaces/identity.js';
export * from './namespaces/scaikey.js';
export * from './namespaces/auth.js';
export * from './namespaces/system.js';
