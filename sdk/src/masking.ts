// Masks credentials and secret values out of anything shown for debugging (request/response hooks,
// the CLI's SCAIVAULT_DEBUG output). Pure functions: no input is modified.

export const MASK = '****';

// Field names whose value is a credential wherever they appear.
const SENSITIVE_KEYS = new Set([
  'value',
  'key',
  'api_key',
  'private_key',
  'password',
  'client_secret',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'subject_token',
  'secret_access_key',
  'api_token',
  'credentials',
  'previous_secret',
]);
const SENSITIVE_SUFFIXES = ['_secret', '_password', '_token', '_private_key'];
// A secret's value lives under `data` (reads, writes, batch reads, generated previews, dynamic
// credentials); its field names are kept so the shape stays readable, every value is masked.
const VALUE_CONTAINERS = new Set(['data']);
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

function isSensitiveKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || SENSITIVE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

function maskString(text: string): string {
  return text.replace(PEM_PRIVATE_KEY, MASK);
}

function maskEveryValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskEveryValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskEveryValue(inner)]));
  }
  return value === null || value === undefined ? value : MASK;
}

/**
 * Returns a copy of a JSON-like value with secret values and credentials replaced by `****`:
 * every value under `data` objects, and fields named like credentials (`password`, `token`,
 * `client_secret`, `private_key`, `key`, ...). PEM private keys inside strings are masked too.
 */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return maskString(value);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (isSensitiveKey(key)) masked[key] = inner === null || inner === undefined ? inner : maskEveryValue(inner);
    else if (VALUE_CONTAINERS.has(key) && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      masked[key] = maskEveryValue(inner);
    } else masked[key] = maskSecrets(inner);
  }
  return masked;
}

/** Masks a form-encoded body (`a=1&client_secret=...`) the same way as a JSON body. */
export function maskFormBody(body: string): string {
  const params = new URLSearchParams(body);
  for (const [key] of params) {
    if (isSensitiveKey(key)) params.set(key, MASK);
  }
  return params.toString().replaceAll(encodeURIComponent(MASK), MASK);
}

/**
 * Returns a copy of HTTP headers with credentials masked; `Authorization: Bearer abc` becomes
 * `Bearer ****` so the scheme stays visible.
 */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SENSITIVE_HEADERS.has(name.toLowerCase())) {
      masked[name] = value;
      continue;
    }
    const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
    masked[name] = scheme === undefined ? MASK : `${scheme} ${MASK}`;
  }
  return masked;
}
