// End to end: the seed `federation` lines of COMMANDS.md, run as written by a shell with the built binary
// against `scaivault dev`, which fronts a second `scaivault dev` (the origin) — only the example id fed_abc
// is replaced by the one the server gave out. `secrets read` of a mapped path goes through the same servers.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

// plugins/federation/dist/test → the repository root is four levels up.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const bin = join(repo, 'cli', 'bin', 'scaivault.js');
const dir = mkdtempSync(join(tmpdir(), 'sv-federation-seed-'));
const servers: ChildProcessWithoutNullStreams[] = [];
let origin: Record<string, string>;
let front: Record<string, string>;
const ids: Record<string, string> = {};

async function startDev(name: string): Promise<Record<string, string>> {
  const dev = spawn(process.execPath, [bin, 'dev', '--port', '0'], {
    env: { ...process.env, SCAIVAULT_HOME: join(dir, `${name}-home`), SCAIVAULT_DEV_ROOT_TOKEN: `skt_federation_seed_${name}_root` },
  });
  servers.push(dev);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    dev.stderr.on('data', (chunk) => (err += chunk));
    dev.stdout.on('data', (chunk) => {
      out += chunk;
      const found = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (found.SCAIVAULT_URL && found.SCAIVAULT_TOKEN) resolve(found);
    });
    dev.on('exit', (code) => reject(new Error(`scaivault dev exited ${code}: ${err}`)));
  });
}

before(async () => {
  origin = await startDev('origin');
  front = await startDev('front');
});
after(async () => {
  // Each server writes its code cache as it exits: removing the homes before then races with that write.
  await Promise.all(
    servers
      .filter((dev) => dev.exitCode === null && dev.signalCode === null)
      .map((dev) => {
        const exited = new Promise((resolve) => dev.once('exit', resolve));
        dev.kill('SIGTERM');
        return exited;
      }),
  );
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one command line in a shell against a server, `scaivault` being the built binary, with the example ids replaced. */
function run(server: Record<string, string>, line: string, stdin?: string): { code: number | null; stdout: string; stderr: string } {
  let command = line;
  for (const [example, actual] of Object.entries(ids)) command = command.split(example).join(actual);
  const result = spawnSync('/bin/sh', ['-c', `scaivault() { "${process.execPath}" "${bin}" "$@"; }\n${command}`], {
    cwd: dir,
    env: { ...process.env, SCAIVAULT_HOME: join(dir, 'cli-home'), ...server },
    encoding: 'utf8',
    timeout: 60_000,
    ...(stdin === undefined ? {} : { input: stdin }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(server: Record<string, string>, line: string, stdin?: string): string {
  const result = run(server, line, stdin);
  assert.equal(result.code, 0, `${line}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

test("the seed federation lines, and the guide's section, work as written against scaivault dev fronting a second one", () => {
  // docs/guide.md, "Another secret store behind ScaiVault": origin.env is what the second `scaivault dev` printed.
  writeFileSync(
    join(dir, 'origin.env'),
    `export SCAIVAULT_URL=${origin.SCAIVAULT_URL}\nexport SCAIVAULT_TOKEN=${origin.SCAIVAULT_TOKEN}\n`,
  );
  ids['http://127.0.0.1:8201'] = origin.SCAIVAULT_URL!;
  ok(front, '( . ./origin.env && scaivault secrets write app/db/credentials username=app password=origin-1 )');
  ok(front, '( . ./origin.env && printf %s "$SCAIVAULT_TOKEN" ) | scaivault secrets write infra/federation/origin token=-');
  ok(
    front,
    `policy=$(scaivault policies create --name federation-credentials --path 'infra/federation/*' --permissions read --field id)
scaivault policies bind "$policy" --identity group:system:federation-backends`,
  );
  const created = ok(
    front,
    `scaivault federation create --name origin --type scaivault --endpoint http://127.0.0.1:8201 \\
  --credentials-path infra/federation/origin --map 'external/origin/**=app/**' --mode sync --sync-interval 15m`,
  );
  ids.fed_abc = /\((fed_\w+)\)/.exec(created)![1]!;
  ok(
    front,
    `scaivault federation create --name live --type scaivault --endpoint http://127.0.0.1:8201 \\
  --credentials-path infra/federation/origin --map 'external/live/**=app/**'`,
  );

  // The seed's three lines.
  assert.match(ok(front, 'scaivault federation list'), /fed_\w+ +live +scaivault +proxy[\s\S]*fed_\w+ +origin +scaivault +sync every 15m/);
  assert.match(ok(front, 'scaivault federation sync fed_abc'), /Synced 1 secret\(s\) from backend fed_\w+; 0 conflict\(s\)/);
  const status = ok(front, 'scaivault federation status fed_abc');
  assert.match(status, /Status +healthy/);
  assert.match(status, /Connection +connected \(\d+ ms\)/);
  assert.match(status, /Secrets synced +1/);

  // The synced copy and the proxied path are read like any secret.
  assert.equal(ok(front, 'scaivault secrets read external/origin/db/credentials --field password'), 'origin-1');
  assert.equal(ok(front, 'scaivault secrets read external/live/db/credentials --field password'), 'origin-1');
  ok(origin, 'scaivault secrets write app/db/credentials username=app password=origin-2');
  assert.equal(ok(front, 'scaivault secrets read external/live/db/credentials --field password'), 'origin-2', 'proxy reads are live');
  assert.equal(ok(front, 'scaivault secrets read external/origin/db/credentials --field password'), 'origin-1', 'sync reads the copy');
  ok(front, 'scaivault federation sync fed_abc');
  assert.equal(ok(front, 'scaivault secrets read external/origin/db/credentials --field password'), 'origin-2');

  const refused = run(front, 'scaivault secrets write external/live/db/credentials password=nope');
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /^error: 'external\/live\/db\/credentials' is served by federation backend 'live' \(fed_\w+\) in proxy mode/m,
  );
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.match(ok(front, 'scaivault federation conflicts fed_abc'), /no conflicts/);
  ok(front, 'scaivault federation delete fed_abc --yes');
  assert.equal(ok(front, 'scaivault secrets read external/origin/db/credentials --field password'), 'origin-2', 'the copies stay');
});
