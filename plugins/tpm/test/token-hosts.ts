import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A "host" for the tests: one PKCS#11 token of its own, the module that reaches it and the
 * environment a process needs to see it. Each is started from nothing in a temporary directory and
 * stopped (cleanly, for a TPM) at the end.
 */
export interface TokenHost {
  name: string;
  module: string;
  env: Record<string, string>;
  /** Where the token keeps its objects, for the scan that no plaintext key is on disk. */
  storeDir: string;
  /** Whether a wrong PIN counts toward a dictionary-attack lockout (a TPM): the tests spend at most one. */
  countsWrongPins: boolean;
  stop(): Promise<void>;
}

const SOFTHSM_MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];
const TPM2_PKCS11_MODULES = ['/usr/lib/x86_64-linux-gnu/libtpm2_pkcs11.so.1', '/usr/lib/aarch64-linux-gnu/libtpm2_pkcs11.so.1'];
const TPM_PACKAGES =
  'apt-get install -y swtpm swtpm-tools tpm2-tools tpm2-abrmd libtss2-tcti-tabrmd0 libtpm2-pkcs11-1 libtpm2-pkcs11-tools dbus';

/** A component the tests need and cannot do without: fail loudly with the command that installs it. */
function installed(paths: string[], what: string, install: string): string {
  const found = paths.find((path) => existsSync(path));
  if (!found) throw new Error(`${what} is not installed (looked in ${paths.join(', ')}): ${install}`);
  return found;
}

function tool(name: string, install: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} is not installed: ${install}`);
  return found.stdout.trim();
}

/** A SoftHSM2 token directory of its own, through SOFTHSM2_CONF. */
export async function startSoftHsm(name: string): Promise<TokenHost> {
  const module = installed(SOFTHSM_MODULES, 'SoftHSM2', 'apt-get install -y softhsm2');
  const dir = mkdtempSync(join(tmpdir(), `sv-softhsm-${name}-`));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  return {
    name,
    module,
    env: { SOFTHSM2_CONF: conf },
    storeDir: tokens,
    countsWrongPins: false,
    async stop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** Two free loopback ports, one after the other: the swtpm TCTI finds the control port at port + 1. */
async function freePortPair(): Promise<[number, number]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOn(0);
    if (port !== undefined && port < 65535 && (await listenOn(port + 1)) !== undefined) return [port, port + 1];
  }
  throw new Error('no two consecutive free loopback ports for swtpm');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls until `check` succeeds; a component that never comes up fails with what it said. */
async function until(what: string, check: () => boolean, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (check()) return;
    await sleep(50);
  }
  throw new Error(`${what} did not come up: ${log()}`);
}

/**
 * A software TPM 2.0 with a state of its own: swtpm on two loopback ports, a private D-Bus session
 * bus, and tpm2-abrmd on it (tpm2-pkcs11 runs out of TPM object slots without a resource manager).
 * tpm2-pkcs11 keeps its store in a directory of its own. `stop()` sends TPM2_Shutdown before ending
 * swtpm: a TPM that just loses power counts that toward its dictionary-attack lockout.
 */
export async function startSwtpm(name: string): Promise<TokenHost> {
  const module = installed(TPM2_PKCS11_MODULES, 'tpm2-pkcs11', TPM_PACKAGES);
  const swtpm = tool('swtpm', TPM_PACKAGES);
  const abrmd = tool('tpm2-abrmd', TPM_PACKAGES);
  const dbus = tool('dbus-daemon', TPM_PACKAGES);
  tool('tpm2_shutdown', TPM_PACKAGES);
  tool('swtpm_ioctl', TPM_PACKAGES);
  installed(
    ['/usr/lib/x86_64-linux-gnu/libtss2-tcti-tabrmd.so.0', '/usr/lib/aarch64-linux-gnu/libtss2-tcti-tabrmd.so.0'],
    'the tabrmd TCTI',
    TPM_PACKAGES,
  );
  const dir = mkdtempSync(join(tmpdir(), `sv-swtpm-${name}-`));
  const state = join(dir, 'state');
  const store = join(dir, 'store');
  mkdirSync(state);
  mkdirSync(store);
  const [port, ctrl] = await freePortPair();
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  const keep = (child: ChildProcess, label: string) => {
    children.push(child);
    child.stdout?.on('data', (chunk: Buffer) => logs.push(`${label}: ${chunk.toString()}`));
    child.stderr?.on('data', (chunk: Buffer) => logs.push(`${label}: ${chunk.toString()}`));
    return child;
  };
  const tpm = keep(
    spawn(
      swtpm,
      [
        'socket',
        '--tpm2',
        '--tpmstate',
        `dir=${state}`,
        '--server',
        `type=tcp,port=${port},bindaddr=127.0.0.1`,
        '--ctrl',
        `type=tcp,port=${ctrl},bindaddr=127.0.0.1`,
        '--flags',
        'not-need-init,startup-clear',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
    'swtpm',
  );
  const busSocket = join(dir, 'bus');
  writeFileSync(
    join(dir, 'bus.conf'),
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${busSocket}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/><allow user="*"/></policy></busconfig>
`,
  );
  const bus = keep(
    spawn(dbus, [`--config-file=${join(dir, 'bus.conf')}`, '--nofork', '--nopidfile'], { stdio: ['ignore', 'pipe', 'pipe'] }),
    'dbus',
  );
  const busAddress = `unix:path=${busSocket}`;
  const busName = `com.scaivault.test.Tabrmd.${name.replace(/[^A-Za-z0-9]/g, '')}${process.pid}`;
  const tcti = `tabrmd:bus_name=${busName},bus_type=session`;
  let broker: ChildProcess | undefined;
  const stopAll = async () => {
    if (broker && broker.exitCode === null) {
      broker.kill('SIGTERM');
      await exited(broker);
    }
    // TPM2_Shutdown straight to swtpm, then its own shutdown command: never a power cut.
    spawnSync('tpm2_shutdown', ['-T', `swtpm:host=127.0.0.1,port=${port}`], { encoding: 'utf8' });
    spawnSync('swtpm_ioctl', ['--tcp', `127.0.0.1:${ctrl}`, '-s'], { encoding: 'utf8' });
    await Promise.race([exited(tpm), sleep(5000)]);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(
      'swtpm',
      () => spawnSync('swtpm_ioctl', ['--tcp', `127.0.0.1:${ctrl}`, '-c'], { encoding: 'utf8' }).status === 0,
      () => logs.join(''),
    );
    await until(
      'the D-Bus session bus',
      () => existsSync(busSocket),
      () => logs.join(''),
    );
    const asRoot = process.getuid?.() === 0;
    broker = keep(
      spawn(
        abrmd,
        [`--tcti=swtpm:host=127.0.0.1,port=${port}`, '--session', `--dbus-name=${busName}`, ...(asRoot ? ['--allow-root'] : [])],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress },
        },
      ),
      'tpm2-abrmd',
    );
    await until(
      'tpm2-abrmd',
      () =>
        spawnSync('tpm2_getcap', ['-T', tcti, 'properties-fixed'], {
          encoding: 'utf8',
          env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress },
        }).status === 0,
      () => logs.join(''),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  void bus;
  return {
    name,
    module,
    env: { DBUS_SESSION_BUS_ADDRESS: busAddress, TPM2_PKCS11_TCTI: tcti, TPM2_PKCS11_STORE: store, TPM2_PKCS11_LOG_LEVEL: '0' },
    storeDir: store,
    countsWrongPins: true,
    stop: stopAll,
  };
}
