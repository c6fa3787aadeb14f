// client.system: health probes, version and metrics. None of these needs a token (detailed health
// needs `admin`). Routes: 00-client-auth-errors-system.md §2.4–2.8, §9.
import * as s from '../response-shape.js';
import type { CallOptions, Transport } from '../transport/transport.js';

const isHealth = s.object({ status: s.string, timestamp: s.optional(s.string) });
export type Health = s.ShapeOf<typeof isHealth>;

const isReadiness = s.object({ status: s.string, checks: s.optional(s.record(s.string)), errors: s.optional(s.record(s.string)) });
export type Readiness = s.ShapeOf<typeof isReadiness>;

const isDetailedHealth = s.object({
  status: s.string,
  version: s.optional(s.string),
  uptime_seconds: s.optional(s.number),
  checks: s.optional(s.record(s.anyRecord)),
});
export type DetailedHealth = s.ShapeOf<typeof isDetailedHealth>;

const isVersion = s.object({
  version: s.string,
  api_version: s.optional(s.string),
  commit: s.optional(s.string),
  build_date: s.optional(s.string),
});
export type ServerVersion = s.ShapeOf<typeof isVersion>;

export class SystemNamespace {
  constructor(private readonly http: Transport) {}

  /** Liveness: 200 while the process runs. */
  health(options: CallOptions = {}): Promise<Health> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/health', authenticate: false }, isHealth);
  }

  /**
   * Readiness of the database, cache and encryption. A 503 is a report here, not a failure: it
   * resolves with `status: "not_ready"` and the failing `errors`, and is not retried.
   */
  ready(options: CallOptions = {}): Promise<Readiness> {
    return this.http.json(
      { ...options, method: 'GET', path: '/v1/health/ready', authenticate: false, acceptStatuses: [503], retry: false },
      isReadiness,
    );
  }

  /** Component status, latencies and pool statistics (needs `admin`). */
  detailed(options: CallOptions = {}): Promise<DetailedHealth> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/health/detailed' }, isDetailedHealth);
  }

  version(options: CallOptions = {}): Promise<ServerVersion> {
    return this.http.json({ ...options, method: 'GET', path: '/v1/version', authenticate: false }, isVersion);
  }

  /** Prometheus exposition text. */
  metrics(options: CallOptions = {}): Promise<string> {
    return this.http.text({ ...options, method: 'GET', path: '/v1/metrics', accept: 'text/plain' });
  }
}
