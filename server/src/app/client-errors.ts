import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Store } from '../storage/store.js';
import type { Clock } from '../shared/time.js';
import type { AuditLog } from '../audit/audit-log.js';
import { DEFAULT_TENANT_ID } from '../shared/identity.js';
import { newRequestId } from '../shared/ids.js';
import { iso } from '../shared/time.js';
import { ApiError } from '../http/api-error.js';

/** What answering and auditing a refused request needs. */
export interface RejectionServices {
  clock: Clock;
  store: Store;
  audit: AuditLog;
}

/** The audit action of a request refused before it reached a route (malformed, too large, too slow). */
export const REJECTED_ACTION = 'request_rejected';

/**
 * Requests Node's HTTP parser refuses (malformed, conflicting lengths, oversized headers) or
 * that do not arrive in time never reach a route. They still get the documented envelope, a
 * request id and an audit record, written here straight onto the socket, which is then closed:
 * after a parse error the connection cannot be trusted to frame another request.
 */
export function answerClientError(
  error: Error & { code?: string },
  socket: Socket,
  services: RejectionServices,
  log: (line: string) => void,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return; // the client went away; nobody to answer
  answerOnSocket(socket, clientErrorOf(error), services, log, { parser_error: error.code ?? null });
}

/** Answers `apiError` straight onto the socket, audits it as rejected and closes the connection. */
export function answerOnSocket(
  socket: Socket,
  apiError: ApiError,
  services: RejectionServices,
  log: (line: string) => void,
  extra: Record<string, unknown> = {},
): void {
  const requestId = newRequestId();
  const sourceIp = socket.remoteAddress ?? null;
  log(
    `${iso(services.clock())} ${requestId} - - ${apiError.status} rejected before routing: ${String(extra.parser_error ?? apiError.code)}`,
  );
  auditRejected(services, { requestId, sourceIp, userAgent: null, status: apiError.status, errorCode: apiError.code, extra });
  // A response is already on its way for this connection: adding another would corrupt it.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { code: apiError.code, message: apiError.message, details: apiError.details, request_id: requestId },
  });
  const head = [
    `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-ID: ${requestId}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/** The audit record of a request refused before routing: anonymous, in the default tenant, never successful. */
export function auditRejected(
  services: RejectionServices,
  rejected: {
    requestId: string;
    sourceIp: string | null;
    userAgent: string | null;
    status: number;
    errorCode: string;
    extra?: Record<string, unknown>;
  },
): void {
  if (!services.store.isOpen) return;
  services.audit.record({
    tenantId: DEFAULT_TENANT_ID,
    timestamp: services.clock(),
    action: REJECTED_ACTION,
    identityType: null,
    identityId: null,
    secretPath: null,
    sourceIp: rejected.sourceIp,
    userAgent: rejected.userAgent,
    success: false,
    durationMs: 0,
    requestId: rejected.requestId,
    extra: { status: rejected.status, error_code: rejected.errorCode, ...rejected.extra },
  });
}

function clientErrorOf(error: Error & { code?: string }): ApiError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'request_timeout', 'The request (headers and body) did not arrive in time; the connection is closed');
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'invalid_request', 'The request headers are too large');
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new ApiError(400, 'invalid_request', 'The request has conflicting or invalid Content-Length / Transfer-Encoding headers');
    default:
      return new ApiError(400, 'invalid_request', 'The request is not well-formed HTTP/1.1');
  }
}
