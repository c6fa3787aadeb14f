import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { BIN, REPO, tempHome } from './workspace.js';

// What a run of the CLI loads, recorded three ways: a resolution hook (registered with --import) logs
// every ES module, a --require preload logs every CommonJS file Node or a vm.Script compiles, and at exit the preload
// logs the modules the bundles ran (their initialisers record each module's source path, see
// scripts/module-trace.mjs): a bundle file holds every module, the trace tells which ones ran.
const { home, cleanup } = tempHome('sv-imports-');
after(cleanup);
const log = join(home, 'modules.log');
const hook = join(home, 'hook.mjs');
const register = join(home, 'register.mjs');
const preload = join(home, 'preload.cjs');
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
writeFileSync(
  preload,
  `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  appendFileSync(${JSON.stringify(log)}, pathToFileURL(filename).href + '\\n');
  return compile.call(this, content, filename);
};
// Bundles compiled from a code cache go through vm.Script, not require's compile.
const vm = require('node:vm');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (typeof options?.filename === 'string') appendFileSync(${JSON.stringify(log)}, pathToFileURL(options.filename).href + '\\n');
  }
};
process.on('exit', () => {
  const ran = globalThis[Symbol.for('scaivault.modulesRan')] ?? [];
  appendFileSync(${JSON.stringify(log)}, ran.map((key) => 'module:' + key + '\\n').join(''));
});
`,
);

interface Loaded {
  /** The files (not node: built-ins) loaded, as ES modules or CommonJS. */
  files: string[];
  /** The source paths (relative to the repository) of the bundled modules that ran. */
  modules: string[];
}

function loaded(argv: string[], expectedStatus = 0, env: Record<string, string> = {}): Loaded {
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', register, '--require', preload, BIN, ...argv], {
    env: { ...process.env, SCAIVAULT_HOME: home, ...env },
    encoding: 'utf8',
  });
  assert.equal(result.status, expectedStatus, result.stderr);
  const lines = [...new Set(readFileSync(log, 'utf8').split('\n'))];
  return {
    files: lines.filter((line) => line.startsWith('file:')).map((url) => fileURLToPath(url)),
    modules: lines.filter((line) => line.startsWith('module:')).map((line) => line.slice('module:'.length)),
  };
}

/** A plugin's code: a file below the workspace's plugins/, or a bundled module from there. */
const isPluginCode = (item: string): boolean => item.startsWith('plugins/') || item.startsWith(join(REPO, 'plugins') + '/');

/** Everything a run loaded or ran, files and bundled modules alike. */
const everything = ({ files, modules }: Loaded): string[] => [...files, ...modules];

// Bundled modules are named by their source path, which tells what package they come from.
const HEAVY = [
  'node_modules/clipanion/',
  'node_modules/typanion/',
  'node_modules/tsyringe/',
  'node_modules/reflect-metadata/',
  'node_modules/undici/',
  'node_modules/semver/',
  'sdk/dist/',
  'node_modules/pkcs11js/',
  'node_modules/@modelcontextprotocol/',
];

test('--help loads no plugin code and none of the heavy packages', () => {
  loaded(['--help']); // the first run builds the index cache
  rmSync(join(home, 'cache', 'main-help.json'), { force: true });
  const run = loaded(['--help']); // renders it from the index, and keeps it for the next run
  assert.ok(
    run.modules.some((module) => module.startsWith('core/dist/src/runtime/')),
    'the trace saw the runtime run',
  );
  for (const item of everything(run)) {
    assert.ok(!isPluginCode(item), `${item} is plugin code`);
    for (const heavy of HEAVY) assert.ok(!item.includes(heavy), `--help ran ${item}`);
  }
});

test('the root help, once rendered, is printed from its cache: core is not even loaded', () => {
  loaded(['--help']);
  for (const argv of [['--help'], ['-h'], ['help'], []]) {
    const run = loaded(argv);
    assert.deepEqual(run.modules, [], `${argv.join(' ')}: nothing of core's bundle ran`);
    assert.ok(!run.files.some((file) => file.endsWith('core.cjs')), `${argv.join(' ')}: core's bundle was not read`);
    assert.ok(
      run.files.some((file) => file.endsWith('startup.cjs')),
      'the startup loader, which reads the help cache, was',
    );
  }
});

test("a command's --help, wherever it is on the line, loads no plugin code", () => {
  for (const argv of [
    ['secrets', 'read', 'app/x', '--help'],
    ['secrets', '--help'],
    ['help', 'rotation', 'get'],
  ]) {
    for (const item of everything(loaded(argv))) {
      assert.ok(!isPluginCode(item), `${argv.join(' ')}: ${item} is plugin code`);
      for (const heavy of HEAVY) assert.ok(!item.includes(heavy), `${argv.join(' ')} ran ${item}`);
    }
  }
});

test('--version loads nothing but the binary itself', () => {
  const run = loaded(['--version']);
  assert.deepEqual(run.files, [BIN]);
  assert.deepEqual(run.modules, []);
});

test('a core command loads core, not the SDK or undici, and no other plugin', () => {
  for (const item of everything(loaded(['config', 'path']))) {
    assert.ok(!isPluginCode(item), `config path loaded ${item}`);
    for (const heavy of ['node_modules/undici/', 'sdk/dist/']) assert.ok(!item.includes(heavy), `config path ran ${item}`);
  }
});

test('secrets read loads the secrets plugin and the SDK, and neither undici nor any other plugin', () => {
  // Nothing listens on port 9 of loopback: the request fails (exit 1) after everything it needs is loaded.
  const run = loaded(['secrets', 'read', 'app/db', '--field', 'password'], 1, {
    SCAIVAULT_URL: 'http://127.0.0.1:9',
    SCAIVAULT_TOKEN: 'sv_imports_test',
  });
  const items = everything(run);
  // The plugin is one bundle file (scripts/bundle-plugins.mjs), not its dozens of ES modules.
  assert.ok(
    run.files.includes(join(REPO, 'plugins', 'secrets', 'dist', 'scaivault-bundle.cjs')),
    'the secrets plugin was loaded from its bundle',
  );
  assert.ok(
    !run.files.some((file) => file.includes('plugins/secrets/dist/src/')),
    'no module of the secrets plugin was imported on its own',
  );
  assert.ok(
    run.modules.some((module) => module.startsWith('sdk/dist/src/')),
    'the SDK ran',
  );
  for (const item of items) {
    assert.ok(!isPluginCode(item) || item.includes('plugins/secrets/'), `secrets read loaded ${item}`);
    // The CLI's one request goes over node:http: undici is not loaded at all.
    for (const heavy of ['node_modules/undici/', 'node_modules/@peculiar/', 'node_modules/node-forge/', 'node_modules/semver/'])
      assert.ok(!item.includes(heavy), `secrets read loaded ${item}`);
  }
});

test('the MCP SDK loads only when scaivault mcp serves: not for its --list-tools or its bad input', () => {
  for (const [argv, status] of [
    [['mcp', '--list-tools'], 0],
    [['mcp', '--deny-tools', 'not/a/glob'], 5],
  ] as const) {
    for (const item of everything(loaded([...argv], status)))
      assert.ok(!item.includes('node_modules/@modelcontextprotocol/'), `${argv.join(' ')} loaded ${item}`);
  }
  // Serving (here until its stdin, empty, ends) is what loads it.
  assert.ok(everything(loaded(['mcp'])).some((item) => item.includes('node_modules/@modelcontextprotocol/sdk/')));
});

test('run checks its input with neither the SDK client nor its process half loaded, and runs a program without undici or other plugins', () => {
  const refused = loaded(['run', '--env', 'X=app/db', '--', 'true'], 5);
  assert.ok(
    refused.files.includes(join(REPO, 'plugins', 'run', 'dist', 'scaivault-bundle.cjs')),
    'the run plugin was loaded from its bundle',
  );
  for (const item of everything(refused)) {
    assert.ok(!isPluginCode(item) || item.includes('plugins/run/'), `run loaded ${item}`);
    for (const lazy of [
      'sdk/dist/src/client.js',
      'sdk/dist/src/transport/',
      'plugins/run/dist/src/run-session.js',
      'plugins/run/dist/src/child-program.js',
    ])
      assert.ok(!item.includes(lazy), `refused input ran ${item}`);
  }
  // Nothing listens on port 9 of loopback: reading the secret fails (exit 1) once the session has loaded.
  const started = loaded(['run', '--env', 'X=app/db#password', '--', 'true'], 1, {
    SCAIVAULT_URL: 'http://127.0.0.1:9',
    SCAIVAULT_TOKEN: 'sv_imports_test',
  });
  assert.ok(started.modules.includes('plugins/run/dist/src/run-session.js'), 'the session ran');
  for (const item of everything(started)) {
    assert.ok(!isPluginCode(item) || item.includes('plugins/run/'), `run loaded ${item}`);
    for (const heavy of ['node_modules/undici/', 'node_modules/semver/']) assert.ok(!item.includes(heavy), `run loaded ${item}`);
  }
});

// The X.509 code (ASN.1 schemas, node-forge) loads only inside the pki commands that parse or build certificates.
const X509_HEAVY = ['node_modules/@peculiar/', 'node_modules/node-forge/', 'plugins/pki/dist/src/x509/'];

test('a pki command that needs no X.509 parsing loads none of the X.509 modules', () => {
  const run = loaded(['pki', 'certs', 'revoke', 'cert_x', '--reason', 'not-a-reason'], 5);
  assert.ok(
    run.files.some((file) => file.includes('/plugins/pki/')),
    'the pki plugin was loaded',
  );
  for (const item of everything(run)) for (const heavy of X509_HEAVY) assert.ok(!item.includes(heavy), `pki certs revoke loaded ${item}`);
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
  const run = loaded(['pki', 'inspect', pem]);
  assert.ok(everything(run).some((item) => item.includes('plugins/pki/dist/src/x509/describe-certificate.js')));
  // Reading the file takes fs.readFileSync alone: not fs/promises, which brings readline with it.
  const builtins = builtinsLoaded(['pki', 'inspect', pem]);
  for (const builtin of ['internal/fs/promises', 'internal/readline/interface'])
    assert.ok(!builtins.includes(builtin), `inspect of a file loaded ${builtin}`);
  for (const heavy of ['node_modules/@peculiar/', 'node_modules/node-forge/'])
    assert.ok(!everything(run).some((item) => item.includes(heavy)), `inspect of a certificate loaded ${heavy}`);
  const csr = join(home, 'req.csr');
  assert.equal(
    spawnSync('openssl', ['req', '-new', '-key', join(home, 'root.key'), '-out', csr, '-subj', '/CN=Imports'], { encoding: 'utf8' }).status,
    0,
  );
  const csrRun = everything(loaded(['pki', 'inspect', csr]));
  assert.ok(csrRun.some((item) => item.includes('node_modules/@peculiar/asn1-csr/')));
  assert.ok(!csrRun.some((item) => item.includes('node_modules/node-forge/')), 'inspect loaded node-forge');
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
    const files = everything(loaded(['tpm', 'status', '--module', module, '--data-dir', join(home, 'no-data')], 1));
    assert.ok(
      files.some((item) => item.includes(PKCS11JS)),
      'tpm status did not load pkcs11js',
    );
  } finally {
    delete process.env.SOFTHSM2_CONF;
  }
  const pki = everything(loaded(['pki', 'certs', 'revoke', 'cert_x', '--reason', 'not-a-reason'], 5));
  assert.ok(!pki.some((item) => item.includes(PKCS11JS)), 'a pki command loaded pkcs11js');
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

test("the bin requires core's startup loader by path: the very file Node's resolution of @scaivault/core/startup gives", () => {
  const resolved = createRequire(BIN).resolve('@scaivault/core/startup');
  assert.equal(resolved, join(REPO, 'core', 'dist', 'bundle', 'startup.cjs'));
  const run = loaded(['config', 'path']);
  assert.ok(run.files.includes(resolved), 'that file was loaded');
  assert.equal(run.files.filter((file) => file.endsWith('startup.cjs')).length, 1, 'and no other copy');
});

test('a command that does not read stdin never makes the stdin stream (a file on stdin would load fs streams, fs/promises and readline)', () => {
  const input = join(home, 'stdin.txt');
  writeFileSync(input, 'not read\n');
  const builtins = builtinsLoaded(['config', 'list'], input);
  for (const builtin of ['internal/fs/streams', 'internal/fs/promises', 'internal/readline/interface'])
    assert.ok(!builtins.includes(builtin), `config list with a file on stdin loaded ${builtin}`);
  // The same file is read when the command asks for stdin: the lazy stream still works.
  assert.ok(builtinsLoaded(['pki', 'inspect', '-'], input, 5).includes('internal/fs/streams'));
});

/**
 * Node's own modules a run loaded (`internal/fs/promises`, …), recorded by a CommonJS preload only:
 * the ES loader hook the other tests use loads some of these itself.
 */
function builtinsLoaded(argv: string[], stdinFile?: string, expectedStatus = 0): string[] {
  const record = join(home, 'builtins.log');
  const recorder = join(home, 'builtins-preload.cjs');
  writeFileSync(
    recorder,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join('\\n')));\n`,
  );
  const stdin = stdinFile === undefined ? 'pipe' : openSync(stdinFile, 'r');
  try {
    const result = spawnSync(process.execPath, ['--require', recorder, BIN, ...argv], {
      env: { ...process.env, SCAIVAULT_HOME: home },
      encoding: 'utf8',
      stdio: [stdin, 'pipe', 'pipe'],
    });
    assert.equal(result.status, expectedStatus, result.stderr);
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('NativeModule '))
    .map((line) => line.slice('NativeModule '.length));
}
