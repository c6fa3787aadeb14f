// client.request(): one request to any API path, for endpoints no namespace covers yet. It goes
// through the same transport as every namespace call — bearer token, tenant and partner headers,
// retries of what is safe to repeat, the hooks (and so debug tracing, masked) and the typed errors —
// and hands back the answer undecoded by any shape.
import { ValidationError } from './errors.js';
import { isJsonType, type CallOptions, type HttpMethod, type QueryParams, type Transport } from './transport/transport.js';
import { decodeUtf8 } from './transport/utf8.js';

export interface RawRequest extends CallOptions {
  method: HttpMethod;
  /** A path below the base URL, e.g. `/v1/secrets/app/db?version=2`; never an absolute URL. */
  path: string;
  /** Added to any query the path already has. */
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body parsed as JSON when the server said it is JSON, else its text; undefined when empty. */
  body: unknown;
  requestId: string | undefined;
}

/**
 * The path as the transport takes it: the part before `?`, with the query string turned into
 * parameters. An absolute URL is refused, so the token can only ever go to the configured server.
 */
function splitPath(path: string): { path: string; query: QueryParams } {
  if (!path.startsWith('/') || path.startsWith('//'))
    throw new ValidationError({
      code: 'invalid_path',
      message: `the path must start with /, e.g. /v1/secrets (got ${JSON.stringify(path)})`,
    });
  const at = path.indexOf('?');
  const query: Record<string, string> = {};
  if (at >= 0) for (const [name, value] of new URLSearchParams(path.slice(at + 1))) query[name] = value;
  // Escapes already in the path are kept; only characters a request line cannot carry are encoded.
  const bare = (at < 0 ? path : path.slice(0, at)).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
  return { path: bare, query };
}

function decodeBody(bytes: Uint8Array, contentType: string | undefined): unknown {
  if (bytes.length === 0) return undefined;
  const text = decodeUtf8(bytes);
  if (isJsonType(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export async function sendRawRequest(http: Transport, request: RawRequest): Promise<RawResponse> {
  const { method, path: given, query, body, ...options } = request;
  const split = splitPath(given);
  const response = await http.send({
    ...options,
    method,
    path: split.path,
    query: { ...split.query, ...query },
    ...(body === undefined ? {} : { body }),
    accept: 'application/json',
  });
  return {
    status: response.status,
    headers: response.headers,
    body: decodeBody(response.body, response.headers['content-type']),
    requestId: response.requestId,
  };
}
