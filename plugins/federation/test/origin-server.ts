import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The second ScaiVault the recorded backends front: the workspace's server binary, in memory, on a free loopback port. */
export interface Origin {
  url: string;
  token: string;
}

const ORIGIN_TOKEN = 'skt_origin_of_the_federation_fixtures';
/** What the origin holds; scenarios only read it, so one origin serves a whole recording run. */
export const ORIGIN_SECRETS: Record<string, Record<string, string>> = {
  'app/db': { password: 'origin-db-password' },
  'app/api/key': { key: 'origin-api-key' },
};

let started: Promise<Origin> | undefined;

/** Started on first use; killed when the recording process exits, and never keeps it alive. */
export function origin(): Promise<Origin> {
  started ??= (async () => {
    const bin = fileURLToPath(new URL('../../../../server/dist/src/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0', '--root-token', ORIGIN_TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.unref();
    (child.stdout as unknown as { unref(): void }).unref();
    (child.stderr as unknown as { unref(): void }).unref();
    process.once('exit', () => child.kill('SIGKILL'));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /export SCAIVAULT_URL=(\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', () => reject(new Error(`the origin server exited while starting:\n${output}`)));
    });
    for (const [path, data] of Object.entries(ORIGIN_SECRETS)) {
      const written = await fetch(`${url}/v1/secrets/${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ORIGIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data }),
      });
      if (written.status !== 200) throw new Error(`the origin refused ${path}: ${written.status}`);
    }
    return { url, token: ORIGIN_TOKEN };
  })();
  return started;
}
