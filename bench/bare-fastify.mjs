// The ceiling for the throughput benchmark: fastify answering a JSON the size of a secret read, nothing behind it.
import Fastify from 'fastify';

const body = JSON.stringify({
  path: 'bench/path-1',
  secret_type: 'kv',
  version: 3,
  metadata: {},
  max_versions: 10,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  expires_at: null,
  rotation_policy_id: null,
  secret_policy_id: null,
  version_created_at: '2026-12-01T00:00:00.000Z',
  data: { username: 'user-1', password: 'p4ssw0rd-1-xxxxxxxxxxxx' },
});
const app = Fastify({ logger: false });
app.get('/v1/secrets/*', async (request, reply) =>
  reply.type('application/json; charset=utf-8').header('x-request-id', 'req_bench').send(body),
);
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`export SCAIVAULT_URL=http://127.0.0.1:${app.server.address().port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
