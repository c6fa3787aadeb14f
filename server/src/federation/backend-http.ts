import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BackendUnavailable } from './backend-store.js';

export interface BackendResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** How long one request to a backend may take before the read fails as unreachable. */
export const BACKEND_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * One JSON request to a backend over node:http(s). TLS is verified unless the backend's config says
 * `tls_verify: false`. Network failures and timeouts become `BackendUnavailable` whose message names
 * the host and what went wrong, never a header or a body (which may hold a token or a value).
 */
export function backendRequest(
  url: URL,
  options: { method: string; headers?: Record<string, string>; body?: unknown; tlsVerify?: boolean; timeoutMs?: number },
): Promise<BackendResponse> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body), 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...options.headers,
        },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: options.tlsVerify !== false } : {}),
        timeout: options.timeoutMs ?? BACKEND_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new BackendUnavailable(`${url.host} sent more than ${MAX_BODY_BYTES} bytes`, 'error'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (text !== '') {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', (error) => reject(unavailable(url, error)));
      },
    );
    req.on('timeout', () =>
      req.destroy(new BackendUnavailable(`${url.host} did not answer within ${(options.timeoutMs ?? BACKEND_TIMEOUT_MS) / 1000} s`)),
    );
    req.on('error', (error) => reject(unavailable(url, error)));
    req.end(payload);
  });
}

function unavailable(url: URL, error: Error): BackendUnavailable {
  if (error instanceof BackendUnavailable) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new BackendUnavailable(`${url.host} is unreachable (${code ?? error.message})`);
}

/** A backend's error answer as one line: its status and, when it says one, its error code. */
export function describeAnswer(url: URL, response: BackendResponse): string {
  const body = response.body as { error?: { code?: unknown } | unknown; errors?: unknown } | undefined;
  const code =
    body &&
    typeof body === 'object' &&
    body.error &&
    typeof body.error === 'object' &&
    typeof (body.error as { code?: unknown }).code === 'string'
      ? ` ${(body.error as { code: string }).code}`
      : '';
  return `${url.host} answered ${response.status}${code}`;
}
