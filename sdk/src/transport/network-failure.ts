// Turns what undici and the socket layer throw into NetworkError / TimeoutError with a message
// that names where we tried to go, e.g. "connection refused: http://127.0.0.1:8200".
import { NetworkError, TimeoutError } from '../errors.js';
import { CONNECT_TIMEOUT_CODE } from './node-http-exchange.js';

interface Failure {
  kind: 'connect' | 'request';
  code: string;
  describe: string;
  timeout?: boolean;
  /** The request may not have reached the server, or was cut before a response: safe to repeat. */
  transient: boolean;
}

const FAILURES: Record<string, Failure> = {
  ECONNREFUSED: { kind: 'connect', code: 'connection_refused', describe: 'connection refused', transient: false },
  ENOTFOUND: { kind: 'connect', code: 'host_not_found', describe: 'host not found', transient: false },
  EAI_AGAIN: { kind: 'connect', code: 'host_not_found', describe: 'host lookup failed', transient: true },
  EHOSTUNREACH: { kind: 'connect', code: 'host_unreachable', describe: 'host unreachable', transient: false },
  ENETUNREACH: { kind: 'connect', code: 'host_unreachable', describe: 'network unreachable', transient: false },
  UND_ERR_CONNECT_TIMEOUT: { kind: 'connect', code: 'connect_timeout', describe: 'connect timed out', timeout: true, transient: true },
  [CONNECT_TIMEOUT_CODE]: { kind: 'connect', code: 'connect_timeout', describe: 'connect timed out', timeout: true, transient: true },
  ECONNRESET: { kind: 'request', code: 'connection_reset', describe: 'connection reset', transient: true },
  EPIPE: { kind: 'request', code: 'connection_reset', describe: 'connection closed while sending', transient: true },
  UND_ERR_SOCKET: { kind: 'request', code: 'connection_reset', describe: 'connection closed', transient: true },
  UND_ERR_CLOSED: { kind: 'request', code: 'connection_reset', describe: 'connection closed', transient: true },
  ETIMEDOUT: { kind: 'request', code: 'timeout', describe: 'timed out', timeout: true, transient: true },
  UND_ERR_HEADERS_TIMEOUT: { kind: 'request', code: 'timeout', describe: 'no response in time', timeout: true, transient: true },
  UND_ERR_BODY_TIMEOUT: { kind: 'request', code: 'timeout', describe: 'response body timed out', timeout: true, transient: true },
};

function errorCodeOf(error: unknown): string | undefined {
  // undici wraps socket errors; the system code may sit on the error, its cause, or in an
  // AggregateError (one per address tried).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in FAILURES) return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) {
      const inner = errorCodeOf(nested[0]);
      if (inner !== undefined) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface ClassifiedFailure {
  error: NetworkError;
  transient: boolean;
}

export function classifyNetworkFailure(error: unknown, url: URL): ClassifiedFailure {
  const code = errorCodeOf(error);
  const failure = code === undefined ? undefined : FAILURES[code];
  if (failure === undefined) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      error: new NetworkError({ code: 'network_error', message: `request failed: ${url.href}: ${detail}`, url: url.href, cause: error }),
      transient: false,
    };
  }
  const where = failure.kind === 'connect' ? url.origin : url.href;
  const init = { code: failure.code, message: `${failure.describe}: ${where}`, url: where, cause: error };
  return { error: failure.timeout === true ? new TimeoutError(init) : new NetworkError(init), transient: failure.transient };
}

export function requestTimedOut(url: URL, timeoutMs: number): TimeoutError {
  return new TimeoutError({ code: 'timeout', message: `no complete response within ${timeoutMs} ms: ${url.href}`, url: url.href });
}
