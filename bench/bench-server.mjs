// Starts a local ScaiVault server with one secret for the `secrets read` case, when the server
// and the secrets plugin are built; otherwise that case is left out.
export async function startBenchServer() {
  let server;
  try {
    const { startServer } = await import('@scaivault/server');
    server = await startServer({ port: 0 });
  } catch {
    return { close: async () => {} };
  }
  const { ScaiVaultClient } = await import('@scaivault/sdk');
  const client = new ScaiVaultClient({ baseUrl: server.url, token: server.rootToken });
  await client.secrets.write('bench/db', { username: 'bench', password: 'p4ssw0rd' });
  await client.close?.();
  let hasSecretsPlugin = false;
  try {
    await import('@scaivault/plugin-secrets/package.json', { with: { type: 'json' } });
    hasSecretsPlugin = true;
  } catch {
    hasSecretsPlugin = false;
  }
  return {
    env: { SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.rootToken },
    secretsRead: hasSecretsPlugin ? ['secrets', 'read', 'bench/db', '--field', 'password'] : undefined,
    close: () => server.close(),
  };
}
