import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import { iso } from '../shared/time.js';
import { actorOf } from '../http/request-context.js';

const packageJson = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Health, readiness and version: unauthenticated, as documented, so probes need no token. */
export function registerSystemRoutes(
  app: FastifyInstance,
  _service: unknown,
  { policies }: DependenciesOf<'policies'>,
  { store, sealer, clock, settings, startedAt }: Core,
): void {
  const { access } = policies;

  const checks = async () => {
    const result: Record<string, string> = {};
    const errors: Record<string, string> = {};
    try {
      await store.ping();
      result.database = 'ok';
    } catch (error) {
      result.database = 'error';
      errors.database = (error as Error).message;
    }
    try {
      const probe = sealer.sealText('probe', 'health');
      result.encryption = sealer.openText(probe, 'health') === 'probe' ? 'ok' : 'error';
    } catch (error) {
      result.encryption = 'error';
      errors.encryption = (error as Error).message;
    }
    return { result, errors };
  };

  app.get('/v1/health', { config: { public: true, action: 'health' } }, async () => ({ status: 'healthy', timestamp: iso(clock()) }));

  app.get('/v1/health/ready', { config: { public: true, action: 'health' } }, async (_request, reply) => {
    const { result, errors } = await checks();
    if (Object.keys(errors).length > 0) {
      reply.code(503);
      return { status: 'not_ready', checks: result, errors };
    }
    return { status: 'ready', checks: result };
  });

  app.get('/v1/health/detailed', { config: { action: 'health' } }, async (request) => {
    access.requireScope(actorOf(request), 'admin');
    const started = performance.now();
    const { result } = await checks();
    return {
      status: Object.values(result).every((value) => value === 'ok') ? 'healthy' : 'degraded',
      version: packageJson.version,
      uptime_seconds: Math.round((clock() - startedAt) / 1000),
      checks: {
        database: {
          status: result.database,
          latency_ms: Math.round(performance.now() - started),
          storage: settings.dataDir === undefined ? 'memory' : 'sqlite',
        },
        encryption: { status: result.encryption, key_status: 'active', key_id: sealer.keyId },
      },
    };
  });

  app.get('/v1/version', { config: { public: true, action: 'version' } }, async () => ({
    version: packageJson.version,
    api_version: 'v1',
    server: 'scaivault-local',
    build: 'development',
    node_version: process.version,
  }));
}
