import type { TestServer } from './helpers.js';
import type { DynamicTarget } from './dynamic-target.js';

export const READONLY_CREATION = [
  'CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}',
  'GRANT SELECT ON orders TO {{name}}',
];

/**
 * The documented setup: the root credentials as a JSON secret, a policy letting the engine's
 * identity `dynamic:<engine>` read them, the engine, and a `readonly` role (default revocation).
 */
export async function createEngine(
  server: TestServer,
  target: DynamicTarget,
  name = 'postgres-prod',
  extra: Record<string, unknown> = {},
): Promise<void> {
  const path = `infra/postgres/${name}/root`;
  const written = await server.api('PUT', `/v1/secrets/${path}`, {
    data: { username: target.rootUser, password: target.rootPassword },
    secret_type: 'json',
  });
  if (written.status !== 200) throw new Error(`root credentials: ${JSON.stringify(written.body)}`);
  await grantEngineRead(server, name, path);
  const engine = await server.api('POST', '/v1/dynamic/engines', {
    name,
    type: 'database',
    config: { plugin: 'postgresql', connection_url: target.connectionTemplate, root_credentials_path: path },
    default_ttl: '1h',
    max_ttl: '24h',
    ...extra,
  });
  if (engine.status !== 201) throw new Error(`engine: ${JSON.stringify(engine.body)}`);
  const role = await server.api('POST', `/v1/dynamic/engines/${name}/roles`, { name: 'readonly', creation_statements: READONLY_CREATION });
  if (role.status !== 201) throw new Error(`role: ${JSON.stringify(role.body)}`);
}

export async function grantEngineRead(server: TestServer, engine: string, path: string): Promise<void> {
  const policy = await server.api('POST', '/v1/policies', {
    name: `engine ${engine} root credentials`,
    rules: [{ path_pattern: path, permissions: ['read'] }],
  });
  if (policy.status !== 201) throw new Error(`policy: ${JSON.stringify(policy.body)}`);
  const bound = await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, {
    identity_type: 'service_account',
    identity_id: `dynamic:${engine}`,
  });
  if (bound.status !== 201) throw new Error(`binding: ${JSON.stringify(bound.body)}`);
}

/** A polling subscription to every lease event; `events()` answers all of them so far (nothing is acknowledged). */
export async function watchLeaseEvents(server: TestServer): Promise<{ events: () => Promise<any[]> }> {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: `lease events ${Math.random()}`,
    paths: ['**'],
    events: ['lease.*'],
    delivery: { type: 'polling' },
  });
  if (sub.status !== 201) throw new Error(`subscription: ${JSON.stringify(sub.body)}`);
  return {
    async events() {
      return (await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=0&max_events=1000`)).body.events;
    },
  };
}
