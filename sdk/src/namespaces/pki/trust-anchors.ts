// client.pki.trustAnchors: external CA certificates the tenant trusts.
import * as s from '../../response-shape.js';
import { encodeSegment } from '../../secret-path.js';
import type { CallOptions, Transport } from '../../transport/transport.js';

const isTrustAnchor = s.object({
  id: s.string,
  name: s.optional(s.string),
  subject: s.optional(s.string),
  fingerprint_sha256: s.optional(s.string),
  not_after: s.optional(s.string),
  created_at: s.optional(s.string),
});
export type TrustAnchor = s.ShapeOf<typeof isTrustAnchor>;
const isTrustAnchorList = s.cursorList('trust_anchors', isTrustAnchor);
export type TrustAnchorList = s.ShapeOf<typeof isTrustAnchorList>;

export class TrustAnchorsNamespace {
  constructor(private readonly http: Transport) {}

  list(options: CallOptions = {}): Promise<TrustAnchorList> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/pki/trust-anchors' }, isTrustAnchorList);
  }

  get(id: string, options: CallOptions = {}): Promise<TrustAnchor> {
    return this.http.json({ ...options, method: 'GET', path: `/v1/pki/trust-anchors/${encodeSegment(id)}` }, isTrustAnchor);
  }

  add(anchor: { name: string; certificate_pem: string }, options: CallOptions = {}): Promise<TrustAnchor> {
    return this.http.json({ ...options, method: 'POST', path: '/v1/pki/trust-anchors', body: anchor }, isTrustAnchor);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.http.discard({ ...options, method: 'DELETE', path: `/v1/pki/trust-anchors/${encodeSegment(id)}` });
  }
}
