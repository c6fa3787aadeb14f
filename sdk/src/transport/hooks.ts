// What the request/response hooks see. Everything here has already been masked: the hooks feed
// debug output, which must never show a token or a secret value.

export interface RequestHookInfo {
  method: string;
  url: string;
  /** Request headers with `Authorization` masked (`Bearer ****`). */
  headers: Record<string, string>;
  /** The JSON body (secret values and credentials masked), a masked form body, or undefined. */
  body: unknown;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

export interface ResponseHookInfo {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The decoded body with secret values and credentials masked. */
  body: unknown;
  durationMs: number;
  /** The server's `X-Request-ID`. */
  requestId: string | undefined;
  attempt: number;
}

export interface ErrorHookInfo {
  method: string;
  url: string;
  /** What went wrong before any response arrived (connection refused, timeout, ...). */
  error: Error;
  durationMs: number;
  attempt: number;
}

export interface ClientHooks {
  onRequest?(info: RequestHookInfo): void;
  onResponse?(info: ResponseHookInfo): void;
  /** A request that got no response at all. */
  onError?(info: ErrorHookInfo): void;
}
