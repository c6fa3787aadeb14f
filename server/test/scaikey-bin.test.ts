// The two programs from the command line: scaikey-dev on its own, and scaivault-server trusting it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function start(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ vars: Record<string, string>; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve(dist, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const vars = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (vars.SCAIVAULT_URL || vars.SCAIKEY_ADMIN_TOKEN) done({ vars, child });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  child.kill('SIGTERM');
  return exited;
}

test('scaikey-dev alone, and scaivault-server --scaikey-issuer accepting its client-credentials tokens', async () => {
  const scaikey = await start('scaikey-dev/bin.js', ['--port', '0', '--auto-approve']);
  let vault: ChildProcess | undefined;
  try {
    const base = scaikey.vars.SCAIVAULT_SCAIKEY_URL!;
    const registered = (await (
      await fetch(`${base}/api/v1/public/register/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scope: 'tenant', tenant_slug: 'dev', contact_email: 'ops@dev.example' }),
      })
    ).json()) as { request_id: string; status_token: string };
    const status = (await (
      await fetch(`${base}/api/v1/public/register/applications/${registered.request_id}?status_token=${registered.status_token}`)
    ).json()) as { status: string; credentials: { client_id: string; client_secret: string; token_url: string } };
    assert.equal(status.status, 'APPROVED', 'auto-approved');
    const granted = (await (
      await fetch(status.credentials.token_url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: status.credentials.client_id,
          client_secret: status.credentials.client_secret,
        }),
      })
    ).json()) as { access_token: string };

    const started = await start('bin.js', ['--port', '0', '--scaikey-issuer', base]);
    vault = started.child;
    const whoami = await fetch(`${started.vars.SCAIVAULT_URL}/v1/auth/whoami`, {
      headers: { authorization: `Bearer ${granted.access_token}` },
    });
    assert.equal(whoami.status, 200);
    assert.equal(((await whoami.json()) as { identity_id: string }).identity_id, `sa:${status.credentials.client_id}`);
  } finally {
    if (vault) assert.equal(await stop(vault), 0);
    assert.equal(await stop(scaikey.child), 0);
  }
});

test('a bad --scaikey-issuer, or --scaikey-url without it, is exit 5', async () => {
  for (const args of [
    ['--scaikey-issuer', 'not a url'],
    ['--scaikey-url', 'http://127.0.0.1:1'],
  ]) {
    const child = spawn(process.execPath, [resolve(dist, 'bin.js'), '--port', '0', ...args], { stdio: 'ignore' });
    assert.equal(await new Promise((done) => child.on('exit', done)), 5, args.join(' '));
  }
});
