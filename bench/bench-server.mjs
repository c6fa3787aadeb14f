// Starts a local ScaiVault server in its own process (the benchmark's timed runs block this one)
// with one secret in it, for the `secrets read` case.
import { spawn } from 'node:child_process';

export async function startBenchServer() {
  const bin = new URL('../server/dist/src/bin.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const env = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const vars = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (vars.SCAIVAULT_URL && vars.SCAIVAULT_TOKEN) resolve(vars);
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
  const { ScaiVaultClient } = await import('@scaivault/sdk');
  const client = new ScaiVaultClient({ baseUrl: env.SCAIVAULT_URL, token: env.SCAIVAULT_TOKEN });
  await client.secrets.write('bench/db', { username: 'bench', password: 'p4ssw0rd' });
  await client.close();
  return {
    env,
    secretsRead: ['secrets', 'read', 'bench/db', '--field', 'password'],
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}
