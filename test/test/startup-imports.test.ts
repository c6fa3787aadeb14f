import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { BIN, REPO, tempHome } from './workspace.js';

// A resolution hook that records every module the CLI loads, registered with --import.
const { home, cleanup } = tempHome('sv-imports-');
after(cleanup);
const log = join(home, 'modules.log');
const hook = join(home, 'hook.mjs');
const register = join(home, 'register.mjs');
writeFileSync(
  hook,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}
`,
);
writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)});\n`);

/** The files (not node: built-ins) that `scaivault <argv>` loads, with their contents. */
function loadedFiles(argv: string[], expectedStatus = 0): Array<{ path: string; text: string }> {
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', register, BIN, ...argv], {
    env: { ...process.env, SCAIVAULT_HOME: home },
    encoding: 'utf8',
  });
  assert.equal(result.status, expectedStatus, result.stderr);
  const urls = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:')),
    ),
  ];
  return urls.map((url) => ({ path: fileURLToPath(url), text: readFileSync(fileURLToPath(url), 'utf8') }));
}

// Bundled modules keep a `// <source path>` comment, which tells what a chunk carries.
const HEAVY = [
  'node_modules/clipanion/',
  'node_modules/typanion/',
  'node_modules/tsyringe/',
  'node_modules/reflect-metadata/',
  'node_modules/undici/',
  'node_modules/semver/',
  'sdk/dist/',
  'node_modules/pkcs11js/',
];

test('--help loads no plugin code and none of the heavy packages', () => {
  loadedFiles(['--help']); // the first run builds the index cache
  const files = loadedFiles(['--help']);
  assert.ok(files.length > 0);
  for (const file of files) {
    assert.doesNotMatch(file.path, /\/plugins\//, `${file.path} is plugin code`);
    for (const heavy of HEAVY)
      assert.ok(!file.text.includes(`// ${heavy}`) && !file.path.includes(heavy), `--help loaded ${heavy} (via ${file.path})`);
  }
});

test("a command's --help, wherever it is on the line, loads no plugin code", () => {
  for (const argv of [
    ['secrets', 'read', 'app/x', '--help'],
    ['secrets', '--help'],
    ['help', 'rotation', 'get'],
  ]) {
    for (const file of loadedFiles(argv)) {
      assert.doesNotMatch(file.path, /\/plugins\//, `${argv.join(' ')}: ${file.path} is plugin code`);
      for (const heavy of HEAVY) assert.ok(!file.text.includes(`// ${heavy}`), `${argv.join(' ')} loaded ${heavy}`);
    }
  }
});

test('--version loads nothing but the binary itself', () => {
  const files = loadedFiles(['--version']);
  assert.deepEqual(
    files.map((file) => file.path),
    [BIN],
  );
});

test('a core command loads core, not the SDK or undici, and no other plugin', () => {
  const files = loadedFiles(['config', 'path']);
  for (const file of files) {
    assert.doesNotMatch(file.path, /\/plugins\//);
    for (const heavy of ['node_modules/undici/', 'sdk/dist/']) assert.ok(!file.text.includes(`// ${heavy}`), `config path loaded ${heavy}`);
  }
});

// The X.509 code (ASN.1 schemas, node-forge) loads only inside the pki commands that parse or build certificates.
const X509_HEAVY = ['node_modules/@peculiar/', 'node_modules/node-forge/', 'plugins/pki/dist/src/x509/'];

test('a pki command that needs no X.509 parsing loads none of the X.509 modules', () => {
  const files = loadedFiles(['pki', 'certs', 'revoke', 'cert_x', '--reason', 'not-a-reason'], 5);
  assert.ok(
    files.some((file) => file.path.includes('/plugins/pki/')),
    'the pki plugin was loaded',
  );
  for (const file of files) for (const heavy of X509_HEAVY) assert.ok(!file.path.includes(heavy), `pki certs revoke loaded ${file.path}`);
});

test('pki inspect of a certificate needs neither the ASN.1 schemas nor node-forge; of a CSR, the schemas only', () => {
  const pem = join(home, 'root.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(home, 'root.key'),
      '-out',
      pem,
      '-subj',
      '/CN=Imports',
      '-days',
      '1',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  const files = loadedFiles(['pki', 'inspect', pem]);
  assert.ok(files.some((file) => file.path.includes('plugins/pki/dist/src/x509/describe-certificate.js')));
  for (const heavy of ['node_modules/@peculiar/', 'node_modules/node-forge/'])
    assert.ok(!files.some((file) => file.path.includes(heavy)), `inspect of a certificate loaded ${heavy}`);
  const csr = join(home, 'req.csr');
  assert.equal(
    spawnSync('openssl', ['req', '-new', '-key', join(home, 'root.key'), '-out', csr, '-subj', '/CN=Imports'], { encoding: 'utf8' }).status,
    0,
  );
  const csrFiles = loadedFiles(['pki', 'inspect', csr]);
  assert.ok(csrFiles.some((file) => file.path.includes('node_modules/@peculiar/asn1-csr/')));
  assert.ok(!csrFiles.some((file) => file.path.includes('node_modules/node-forge/')), 'inspect loaded node-forge');
});

// pkcs11js is a native addon: only the tpm commands and the server's PKCS#11 key source load it.
const PKCS11JS = 'node_modules/pkcs11js/';

/** The files a node script loads (not node: built-ins), through the same recording hook. */
function filesLoadedByScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; paths: string[]; stderr: string } {
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', register, script, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const paths = [
    ...new Set(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file:')),
    ),
  ].map((url) => fileURLToPath(url));
  return { status: result.status, paths, stderr: result.stderr };
}

test('a tpm command that opens a token loads pkcs11js; other plugin commands do not', () => {
  const tokens = join(home, 'softhsm-tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(home, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\n`);
  const module = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((path) => existsSync(path));
  assert.ok(module, 'SoftHSM2 is not installed: apt-get install -y softhsm2');
  // No token in this SoftHSM2 directory yet: status is unhealthy (exit 1), but it had to open the module.
  process.env.SOFTHSM2_CONF = conf;
  try {
    const files = loadedFiles(['tpm', 'status', '--module', module, '--data-dir', join(home, 'no-data')], 1);
    assert.ok(
      files.some((file) => file.path.includes(PKCS11JS)),
      'tpm status did not load pkcs11js',
    );
  } finally {
    delete process.env.SOFTHSM2_CONF;
  }
  const pki = loadedFiles(['pki', 'certs', 'revoke', 'cert_x', '--reason', 'not-a-reason'], 5);
  assert.ok(!pki.some((file) => file.path.includes(PKCS11JS)), 'a pki command loaded pkcs11js');
});

test('the server loads pkcs11js only for a data directory whose key root is a token', () => {
  const script = join(home, 'start-server.mjs');
  writeFileSync(
    script,
    `import { startServer } from ${JSON.stringify(pathToFileURL(join(REPO, 'server', 'dist', 'src', 'index.js')).href)};
try {
  const server = await startServer({ port: 0, dataDir: process.argv[2], keyRootPin: async () => '1234' });
  await server.close();
} catch (error) {
  console.error(error.message);
  process.exitCode = 3;
}
`,
  );
  const fileKey = filesLoadedByScript(script, [join(home, 'file-key-data')]);
  assert.equal(fileKey.status, 0, fileKey.stderr);
  assert.ok(!fileKey.paths.some((path) => path.includes(PKCS11JS)), 'a file-key server loaded pkcs11js');

  // A key root naming a token this machine does not have: the server must load pkcs11js to find that out.
  const tokenData = join(home, 'token-data');
  mkdirSync(tokenData, { recursive: true, mode: 0o700 });
  const module = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((path) => existsSync(path));
  assert.ok(module, 'SoftHSM2 is not installed: apt-get install -y softhsm2');
  writeFileSync(
    join(tokenData, 'key-root.json'),
    JSON.stringify({
      format: 'scaivault-key-root',
      version: 1,
      master_key_id: 'mk_0123456789abcdef',
      created_at: '2026-01-01T00:00:00.000Z',
      token: { module, label: 'absent', serial: '0', model: 'SoftHSM v2' },
      wrapping_key: { id: '00ff', label: 'scaivault-wrap-00ff', mechanism: 'aes-256-gcm' },
      wrapped_master_key: { nonce: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    }),
    { mode: 0o600 },
  );
  const tokens = join(home, 'softhsm-tokens-server');
  mkdirSync(tokens, { recursive: true });
  const conf = join(home, 'softhsm2-server.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\n`);
  const tokenKey = filesLoadedByScript(script, [tokenData], { SOFTHSM2_CONF: conf });
  assert.equal(tokenKey.status, 3);
  assert.match(tokenKey.stderr, /no token named 'absent'/);
  assert.ok(
    tokenKey.paths.some((path) => path.includes(PKCS11JS)),
    'the token key source did not load pkcs11js',
  );
});
