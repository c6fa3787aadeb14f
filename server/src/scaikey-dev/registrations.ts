import { digestsEqual, hashToken } from '../crypto/token-hash.js';
import { newId, newSecretToken } from '../shared/ids.js';

export type RegistrationStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';
export type AppScope = 'GLOBAL' | 'PARTNER' | 'TENANT';

export interface IssuedCredentials {
  app_id: string;
  client_id: string;
  client_secret: string;
  issuer: string;
  token_url: string;
  tenant_id: string | null;
  partner_id: string | null;
  scopes: string[];
}

export interface RegistrationRequest {
  request_id: string;
  status: RegistrationStatus;
  scope: AppScope;
  tenant_slug: string | null;
  partner_slug: string | null;
  contact_email: string;
  application_name: string;
  requested_scopes: string[];
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  rejection_reason: string | null;
  statusDigest: Buffer;
  /** Held from approval until the one pickup, then dropped: the secret is never shown twice. */
  pendingCredentials: IssuedCredentials | null;
  credentialsRetrieved: boolean;
}

/** A pending request expires after a week unless approved, rejected or cancelled. */
const PENDING_LIFETIME_MS = 7 * 86_400_000;

/** Registration requests of the public registration API, in memory. */
export class Registrations {
  private readonly requests = new Map<string, RegistrationRequest>();

  constructor(private readonly clock: () => number) {}

  submit(
    input: Omit<
      RegistrationRequest,
      | 'request_id'
      | 'status'
      | 'created_at'
      | 'expires_at'
      | 'decided_at'
      | 'rejection_reason'
      | 'statusDigest'
      | 'pendingCredentials'
      | 'credentialsRetrieved'
    >,
  ): {
    request: RegistrationRequest;
    statusToken: string;
  } {
    const statusToken = newSecretToken('rst');
    const now = this.clock();
    const request: RegistrationRequest = {
      ...input,
      request_id: newId('reg'),
      status: 'PENDING',
      created_at: now,
      expires_at: now + PENDING_LIFETIME_MS,
      decided_at: null,
      rejection_reason: null,
      statusDigest: hashToken(statusToken),
      pendingCredentials: null,
      credentialsRetrieved: false,
    };
    this.requests.set(request.request_id, request);
    return { request, statusToken };
  }

  /** The request, only for the holder of its status token; anything else reads as not found. */
  withToken(requestId: string, statusToken: string | undefined): RegistrationRequest | undefined {
    const request = this.get(requestId);
    if (!request || statusToken === undefined || !digestsEqual(request.statusDigest, hashToken(statusToken))) return undefined;
    return request;
  }

  get(requestId: string): RegistrationRequest | undefined {
    const request = this.requests.get(requestId);
    if (request && request.status === 'PENDING' && this.clock() >= request.expires_at) request.status = 'EXPIRED';
    return request;
  }

  list(): RegistrationRequest[] {
    return [...this.requests.keys()].map((id) => this.get(id)!);
  }
}

/** What a status read shows: never the status token, the credentials only on the one pickup. */
export function registrationView(request: RegistrationRequest, credentials?: IssuedCredentials): Record<string, unknown> {
  return {
    request_id: request.request_id,
    status: request.status,
    scope: request.scope,
    tenant_slug: request.tenant_slug,
    partner_slug: request.partner_slug,
    contact_email: request.contact_email,
    application_name: request.application_name,
    created_at: new Date(request.created_at).toISOString(),
    expires_at: new Date(request.expires_at).toISOString(),
    decided_at: request.decided_at === null ? null : new Date(request.decided_at).toISOString(),
    ...(request.rejection_reason ? { rejection_reason: request.rejection_reason } : {}),
    credentials_retrieved: request.credentialsRetrieved,
    ...(credentials ? { credentials } : {}),
  };
}
