import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Agent, request as httpRequest } from 'node:http';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
// Short timeouts so the stalled-client cases end quickly; the assertions are about what is answered, not when.
before(async () => (server = await startTestServer({ headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300 })));
after(() => server.close());

interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes bytes on a fresh loopback connection and collects everything until the server closes it. */
function exchange(chunks: (string | Buffer)[]): Promise<WireAnswer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function assertEnvelope(answer: WireAnswer, status: number, code: string): string {
  assert.equal(answer.status, status, `${answer.status} ${answer.body}`);
  assert.match(answer.headers['x-request-id'] ?? '', /^req_[0-9a-z]{16}$/);
  const parsed = JSON.parse(answer.body) as { error: { code: string; message: string; request_id: string; details: unknown } };
  assert.equal(parsed.error.code, code);
  assert.equal(parsed.error.request_id, answer.headers['x-request-id']);
  assert.equal(typeof parsed.error.message, 'string');
  return parsed.error.request_id;
}

async function auditOf(requestId: string): Promise<Record<string, any>> {
  const logs = await server.api('GET', `/v1/audit/logs?request_id=${requestId}`);
  assert.equal(logs.status, 200);
  assert.equal(logs.body.logs.length, 1, `one audit record for ${requestId}`);
  return logs.body.logs[0];
}

const host = () => `Host: ${new URL(server.url).host}\r\n`;

test('a URL that is not valid percent-encoding is a 400 envelope with a request id and an audit record', async () => {
  for (const target of ['/v1/policies/%zz', '/v1/t/tnt_dev/policies/%E0%A4%A']) {
    const answer = await exchange([
      `GET ${target} HTTP/1.1\r\n${host()}Authorization: Bearer ${server.rootToken}\r\nConnection: close\r\n\r\n`,
    ]);
    const requestId = assertEnvelope(answer, 400, 'invalid_request');
    const entry = await auditOf(requestId);
    assert.equal(entry.action, 'request_rejected');
    assert.equal(entry.success, false);
  }
  const tooLong = await exchange([
    `GET /v1/policies/${'a'.repeat(3000)} HTTP/1.1\r\n${host()}Authorization: Bearer ${server.rootToken}\r\nConnection: close\r\n\r\n`,
  ]);
  assert.equal((await auditOf(assertEnvelope(tooLong, 414, 'invalid_request'))).action, 'request_rejected');
});

test('malformed HTTP, conflicting lengths and oversized headers are envelopes with a request id and an audit record', async () => {
  const cases: [string, string, number][] = [
    ['garbage', 'THIS IS NOT HTTP\r\n\r\n', 400],
    ['bad request line', `GET /v1/health HTTP/9.9\r\n${host()}\r\n`, 400],
    [
      'content-length and chunked',
      `PUT /v1/secrets/a/b HTTP/1.1\r\n${host()}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
    ['two content lengths', `PUT /v1/secrets/a/b HTTP/1.1\r\n${host()}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`, 400],
    ['headers too large', `GET /v1/health HTTP/1.1\r\n${host()}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ];
  for (const [what, wire, status] of cases) {
    const answer = await exchange([wire]);
    const requestId = assertEnvelope(answer, status, 'invalid_request');
    assert.equal(answer.headers.connection, 'close', what);
    const entry = await auditOf(requestId);
    assert.equal(entry.action, 'request_rejected', what);
    assert.equal(entry.identity_id, null, what);
    assert.equal(entry.extra_data.status, status, what);
  }
  assert.equal((await server.api('GET', '/v1/health')).status, 200, 'still serving');
});

test('requests Node would answer on its own (no Host, an unknown Expect, CONNECT) get the envelope and a request id', async () => {
  const noHost = await exchange([`GET /v1/health HTTP/1.1\r\nConnection: close\r\n\r\n`]);
  const noHostEntry = await auditOf(assertEnvelope(noHost, 400, 'invalid_request'));
  assert.equal(noHostEntry.action, 'request_rejected');
  assert.equal(noHostEntry.success, false);
  const expect = await exchange([
    `PUT /v1/secrets/expect/me HTTP/1.1\r\n${host()}Authorization: Bearer ${server.rootToken}\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}`,
  ]);
  assert.equal((await auditOf(assertEnvelope(expect, 417, 'invalid_request'))).action, 'request_rejected');
  const tunnel = await exchange([`CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host()}\r\n`]);
  assert.equal((await auditOf(assertEnvelope(tunnel, 405, 'method_not_allowed'))).action, 'request_rejected');
  assert.equal((await server.api('GET', '/v1/secrets/expect/me')).status, 404, 'nothing was written');
});

test('a body that announces more bytes than it sends is answered 408 and the connection closed', { timeout: 30_000 }, async () => {
  const answer = await exchange([
    `PUT /v1/secrets/slow/body HTTP/1.1\r\n${host()}Authorization: Bearer ${server.rootToken}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"data": {"a":`,
  ]);
  const requestId = assertEnvelope(answer, 408, 'request_timeout');
  assert.equal((await auditOf(requestId)).action, 'request_rejected');
  assert.equal((await server.api('GET', '/v1/secrets/slow/body')).status, 404, 'nothing was written');
});

test('headers that never finish are answered 408 and the connection closed', { timeout: 30_000 }, async () => {
  const answer = await exchange([`GET /v1/health HTTP/1.1\r\n${host()}X-Partial: yes\r\n`]);
  assertEnvelope(answer, 408, 'request_timeout');
});

test('an idle keep-alive connection is closed by the server', { timeout: 30_000 }, async () => {
  const answer = await exchange([`GET /v1/health HTTP/1.1\r\n${host()}\r\n`]);
  assert.equal(answer.status, 200, 'the request was answered, then the idle connection closed');
});

test('timeouts are validated when the server starts', async () => {
  await assert.rejects(
    startTestServer({ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 }),
    /headersTimeoutMs must not exceed requestTimeoutMs/,
  );
  await assert.rejects(startTestServer({ requestTimeoutMs: 0 }), /requestTimeoutMs must be a positive/);
});

test('many long-polls on one keep-alive connection leave no listener behind', async () => {
  // The default keep-alive timeout: the short one above announces `Keep-Alive: timeout=0`, and clients would not reuse the connection.
  const server = await startTestServer();
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'keepalive-polls',
    paths: ['ka/**'],
    events: ['secret.*'],
    delivery: { type: 'polling' },
  });
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const target = new URL(server.url);
    for (let i = 0; i < 15; i++) {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: `/v1/subscriptions/${sub.body.id}/poll?timeout=0`,
            agent,
            headers: { authorization: `Bearer ${server.rootToken}` },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end();
      });
      assert.equal(status, 200);
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    agent.destroy();
    process.off('warning', onWarning);
    await server.close();
  }
  assert.deepEqual(
    warnings.filter((name) => name === 'MaxListenersExceededWarning'),
    [],
  );
});

test('the request timeout bounds receiving a request, not answering it: a long-poll outlasts it', { timeout: 30_000 }, async () => {
  const sub = await server.api('POST', '/v1/subscriptions', {
    name: 'outlasting-poll',
    paths: ['outlast/**'],
    events: ['secret.*'],
    delivery: { type: 'polling' },
  });
  // Held for 1 s, longer than this server's 600 ms request timeout.
  const poll = await server.api('GET', `/v1/subscriptions/${sub.body.id}/poll?timeout=1`);
  assert.equal(poll.status, 200);
  assert.deepEqual(poll.body.events, []);
});
