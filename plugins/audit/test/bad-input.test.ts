import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution, type FixtureExchange } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-audit', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

/** Runs the command against a server that answers nothing (or only `exchanges`, every one of them): any other request fails the test. */
async function run(argv: string[], exchanges: FixtureExchange[] = []) {
  const result = await runOffline(argv, { distribution, exchanges });
  assert.ok(result.allUsed, 'every exchange is requested');
  return result;
}

const exportTo = ['--destination', 's3', '--bucket', 'acme-audit', '--credentials-path', 'infra/aws/audit-writer'];

const rejected: Array<[string, string[]]> = [
  // query
  ['query: extra argument', ['audit', 'query', 'read']],
  ['query: --start in words', ['audit', 'query', '--start', 'yesterday']],
  ['query: --start with a slash date', ['audit', 'query', '--start', '2026/04/22']],
  ['query: --start 30 February', ['audit', 'query', '--start', '2026-02-30']],
  ['query: --start month 13', ['audit', 'query', '--start', '2026-13-01']],
  ['query: --end without a zone', ['audit', 'query', '--end', '2026-04-22T10:00:00']],
  ['query: --end without seconds', ['audit', 'query', '--end', '2026-04-22T10:00Z']],
  ['query: --end hour 24', ['audit', 'query', '--end', '2026-04-22T24:00:00Z']],
  ['query: --end a Unix time', ['audit', 'query', '--end', '1776816000']],
  ['query: --end before --start', ['audit', 'query', '--start', '2026-04-23', '--end', '2026-04-22']],
  ['query: --end equal to --start', ['audit', 'query', '--start', '2026-04-22', '--end', '2026-04-22T00:00:00Z']],
  ['query: --action with a space', ['audit', 'query', '--action', 'read, ,write']],
  ['query: --action uppercase', ['audit', 'query', '--action', 'READ']],
  ['query: unknown --identity-type', ['audit', 'query', '--identity-type', 'robot']],
  ['query: --identity with a space', ['audit', 'query', '--identity', 'user:alice smith']],
  ['query: --path-prefix with a leading slash', ['audit', 'query', '--path-prefix', '/environments']],
  ['query: --path-prefix glob', ['audit', 'query', '--path-prefix', 'environments/**']],
  ['query: unknown --outcome', ['audit', 'query', '--outcome', 'ok']],
  ['query: bad --source-ip', ['audit', 'query', '--source-ip', '10.0.1']],
  ['query: bad --request-id', ['audit', 'query', '--request-id', 'req abc']],
  ['query: --limit 0', ['audit', 'query', '--limit', '0']],
  ['query: --limit 1001', ['audit', 'query', '--limit', '1001']],
  ['query: --all with --cursor', ['audit', 'query', '--all', '--cursor', 'abc']],
  // trail
  ['trail: missing path', ['audit', 'trail']],
  ['trail: extra argument', ['audit', 'trail', 'app/a', 'app/b']],
  ['trail: uppercase path', ['audit', 'trail', 'App/DB']],
  ['trail: trailing slash', ['audit', 'trail', 'app/db/']],
  ['trail: bad --start', ['audit', 'trail', 'app/db', '--start', 'last-week']],
  ['trail: bad --limit', ['audit', 'trail', 'app/db', '--limit', 'many']],
  // identity
  ['identity: missing identity', ['audit', 'identity']],
  ['identity: without a type prefix', ['audit', 'identity', 'alice']],
  ['identity: bad --end', ['audit', 'identity', 'user:alice', '--end', '2026-04-31']],
  // summary
  ['summary: extra argument', ['audit', 'summary', 'now']],
  ['summary: bad --start', ['audit', 'summary', '--start', '22-04-2026']],
  ['summary: --end before --start', ['audit', 'summary', '--start', '2026-04-22T12:00:00Z', '--end', '2026-04-22T11:00:00Z']],
  // export
  ['export: no --destination', ['audit', 'export', '--bucket', 'b', '--credentials-path', 'infra/x']],
  ['export: unknown --destination', ['audit', 'export', '--destination', 'ftp', '--bucket', 'b', '--credentials-path', 'infra/x']],
  ['export: no --bucket', ['audit', 'export', '--destination', 's3', '--credentials-path', 'infra/x']],
  ['export: bad --bucket', ['audit', 'export', '--destination', 's3', '--bucket', 'a b', '--credentials-path', 'infra/x']],
  ['export: no --credentials-path', ['audit', 'export', '--destination', 's3', '--bucket', 'b']],
  ['export: bad --credentials-path', ['audit', 'export', '--destination', 's3', '--bucket', 'b', '--credentials-path', 'Infra/X']],
  ['export: unknown --format', ['audit', 'export', ...exportTo, '--format', 'xml']],
  ['export: bad --start', ['audit', 'export', ...exportTo, '--start', 'april']],
  ['export: bad filter', ['audit', 'export', ...exportTo, '--outcome', 'maybe']],
  ['export: bad --bucket-prefix', ['audit', 'export', ...exportTo, '--bucket-prefix', '/abs']],
  ['export: --timeout 30x', ['audit', 'export', ...exportTo, '--wait', '--timeout', '30x']],
  ['export: --timeout without --wait', ['audit', 'export', ...exportTo, '--timeout', '5m']],
  // exports
  ['exports list: extra argument', ['audit', 'exports', 'list', 'exp_a']],
  ['exports list: --all with --cursor', ['audit', 'exports', 'list', '--all', '--cursor', 'c']],
  ['exports get: missing id', ['audit', 'exports', 'get']],
  ['exports get: bad id', ['audit', 'exports', 'get', 'exp/../x']],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv] of rejected) {
    test(name, async () => assertBadInput(await run(argv)));
  }

  test('the error names the flag and the accepted forms', async () => {
    const result = await run(['audit', 'query', '--start', 'yesterday']);
    assert.match(result.stderr, /--start "yesterday".*2026-04-22.*2026-04-22T09:30:00Z/);
  });
});

describe('dates and timestamps reach the API as ISO 8601 timestamps', () => {
  const page = jsonReply(200, { logs: [], cursor: null, has_more: false });

  test('a date is midnight UTC; a timestamp is sent as given', async () => {
    const result = await run(
      ['audit', 'query', '--action', 'read', '--start', '2026-04-22', '--end', '2026-04-23T06:30:00+02:00', '--json'],
      [
        {
          request: {
            method: 'GET',
            path: '/v1/audit/logs',
            query: { from: '2026-04-22T00:00:00Z', to: '2026-04-23T06:30:00+02:00', action: 'read' },
          },
          response: page,
        },
      ],
    );
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { logs: [], cursor: null, has_more: false });
  });

  test('every filter maps to its query parameter', async () => {
    const query = {
      from: '2026-04-22T00:00:00Z',
      to: '2026-04-23T00:00:00Z',
      action: 'read,write',
      identity_id: 'sa:reporting',
      identity_type: 'service_account',
      path_prefix: 'integrations/',
      success: 'false',
      source_ip: '10.0.1.50',
      request_id: 'req_xyz',
      limit: '10',
    };
    const argv = [
      'audit',
      'query',
      '--start',
      '2026-04-22',
      '--end',
      '2026-04-23',
      '--action',
      'read,write',
      '--identity',
      'sa:reporting',
      '--identity-type',
      'service_account',
    ];
    argv.push(
      '--path-prefix',
      'integrations/',
      '--outcome',
      'failed',
      '--source-ip',
      '10.0.1.50',
      '--request-id',
      'req_xyz',
      '--limit',
      '10',
    );
    const result = await run(argv, [{ request: { method: 'GET', path: '/v1/audit/logs', query }, response: page }]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, 'no logs\n');
  });

  test('export sends the window, the filters and the destination', async () => {
    const body = {
      from: '2026-04-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
      format: 'csv',
      filters: { action: 'read', success: true },
      destination: { type: 'azure_blob', bucket: 'audit', prefix: 'sv/', credentials_path: 'infra/azure/audit' },
    };
    const job = { export_id: 'exp_1', status: 'pending', format: 'csv', estimated_records: 12 };
    const argv = [
      'audit',
      'export',
      '--start',
      '2026-04-01',
      '--end',
      '2026-05-01',
      '--format',
      'csv',
      '--action',
      'read',
      '--outcome',
      'success',
    ];
    argv.push('--destination', 'azure_blob', '--bucket', 'audit', '--bucket-prefix', 'sv/', '--credentials-path', 'infra/azure/audit');
    const result = await run(argv, [{ request: { method: 'POST', path: '/v1/audit/export', body }, response: jsonReply(202, job) }]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^Export exp_1 pending \(about 12 entries\)/);
  });
});
