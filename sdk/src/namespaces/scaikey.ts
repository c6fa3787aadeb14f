// client.scaikey: ScaiKey's public registration API, which onboards a tenant (or partner, or the
// platform) as an application of ScaiKey: submit, poll, pick up the credentials once, cancel.
// Unauthenticated: the status token is the caller's proof. `scaikeyUrl` is ScaiKey's origin, not
// the client's base URL. Routes: docs/api-decisions.md "ScaiKey and identities".
import * as s from '../response-shape.js';
import { encodeSegment } from '../secret-path.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isSubmitted = s.object({
  request_id: s.string,
  status_token: s.string,
  status: s.optional(s.string),
  expires_at: s.optional(s.string),
});
export type RegistrationSubmitted = s.ShapeOf<typeof isSubmitted>;

const isCredentials = s.object({
  client_id: s.string,
  client_secret: s.string,
  app_id: s.optional(s.string),
  issuer: s.optional(s.string),
  token_url: s.optional(s.string),
  tenant_id: s.optional(s.string),
  partner_id: s.optional(s.string),
  scopes: s.optional(s.stringArray),
});
export type RegistrationCredentials = s.ShapeOf<typeof isCredentials>;

const isRegistration = s.object({
  request_id: s.string,
  status: s.string,
  scope: s.optional(s.string),
  tenant_slug: s.optional(s.string),
  partner_slug: s.optional(s.string),
  contact_email: s.optional(s.string),
  application_name: s.optional(s.string),
  created_at: s.optional(s.string),
  expires_at: s.optional(s.string),
  decided_at: s.optional(s.string),
  rejection_reason: s.optional(s.string),
  credentials_retrieved: s.optional(s.boolean),
  credentials: s.optional(isCredentials),
});
export type Registration = s.ShapeOf<typeof isRegistration>;

export interface RegistrationRequest {
  /** `GLOBAL`, `PARTNER` or `TENANT` (any case). */
  scope: string;
  tenant_slug?: string;
  partner_slug?: string;
  contact_email: string;
  application_name?: string;
  requested_scopes?: string[];
}

const REGISTRATIONS = '/api/v1/public/register/applications';

export class ScaiKeyNamespace {
  constructor(private readonly http: Transport) {}

  /** Submits a registration request; the status token in the answer is shown only here. */
  register(scaikeyUrl: string, request: RegistrationRequest, options: CallOptions = {}): Promise<RegistrationSubmitted> {
    return this.http.json(
      { ...options, method: 'POST', path: `${origin(scaikeyUrl)}${REGISTRATIONS}`, body: request, authenticate: false },
      isSubmitted,
    );
  }

  /** The request's state; once approved, the first read carries `credentials` and no later one does. */
  registration(scaikeyUrl: string, requestId: string, statusToken: string, options: CallOptions = {}): Promise<Registration> {
    const path = `${origin(scaikeyUrl)}${REGISTRATIONS}/${encodeSegment(requestId)}`;
    // The pickup is not repeatable: a retried read after a lost answer would find the credentials gone.
    return this.http.json(
      { ...options, method: 'GET', path, query: { status_token: statusToken }, authenticate: false, retry: false },
      isRegistration,
    );
  }

  /** Cancels a pending request. */
  cancelRegistration(scaikeyUrl: string, requestId: string, statusToken: string, options: CallOptions = {}): Promise<void> {
    const path = `${origin(scaikeyUrl)}${REGISTRATIONS}/${encodeSegment(requestId)}`;
    return this.http.discard({ ...options, method: 'DELETE', path, query: { status_token: statusToken }, authenticate: false });
  }
}

function origin(url: string): string {
  return url.replace(/\/+$/, '');
}
