import type { TestServer } from './helpers.js';

/** The documented setup of a backend's credentials: a secret, and a policy letting `federation:<name>` read it. */
export async function storeBackendCredentials(
  server: TestServer,
  backend: string,
  path: string,
  data: Record<string, unknown>,
): Promise<void> {
  const written = await server.api('PUT', `/v1/secrets/${path}`, { data, secret_type: 'json' });
  if (written.status !== 200) throw new Error(`credentials: ${JSON.stringify(written.body)}`);
  const policy = await server.api('POST', '/v1/policies', {
    name: `federation ${backend} credentials`,
    rules: [{ path_pattern: path, permissions: ['read'] }],
  });
  if (policy.status !== 201) throw new Error(`policy: ${JSON.stringify(policy.body)}`);
  const bound = await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, {
    identity_type: 'service_account',
    identity_id: `federation:${backend}`,
  });
  if (bound.status !== 201) throw new Error(`binding: ${JSON.stringify(bound.body)}`);
}

export async function createBackend(server: TestServer, body: Record<string, unknown>): Promise<any> {
  const created = await server.api('POST', '/v1/federation/backends', body);
  if (created.status !== 201) throw new Error(`backend: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Starts a sync through the API and waits for the server to finish it (no polling, no sleeps). */
export async function syncNow(server: TestServer, id: string): Promise<any> {
  const started = await server.api('POST', `/v1/federation/backends/${id}/sync`);
  if (started.status !== 202) throw new Error(`sync: ${started.status} ${JSON.stringify(started.body)}`);
  await server.service('federation').runner.settled();
  return (await server.api('GET', `/v1/federation/backends/${id}/status`)).body;
}
