import type { FixtureScenario, ScenarioContext } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

const REGISTER = ['scaikey', 'register', '--scope', 'tenant', '--tenant-slug', 'acme', '--email', 'admin@acme.example'];

/** A call to the development ScaiKey's API (setup only: not part of the recording). */
async function scaikeyCall(context: ScenarioContext, method: string, path: string, body?: unknown, admin = true): Promise<any> {
  const scaikey = context.scaikey!;
  const response = await fetch(`${scaikey.url}${path}`, {
    method,
    headers: {
      ...(admin ? { authorization: `Bearer ${scaikey.adminToken}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** A submitted tenant registration: its request id and status token, for `status --request-id ... --status-token -`. */
async function submitted(context: ScenarioContext, slug = 'acme'): Promise<Record<string, string>> {
  const request = await scaikeyCall(
    context,
    'POST',
    '/api/v1/public/register/applications',
    { scope: 'TENANT', tenant_slug: slug, contact_email: `admin@${slug}.example` },
    false,
  );
  return { request: request.request_id, token: request.status_token };
}

async function approved(context: ScenarioContext): Promise<Record<string, string>> {
  const vars = await submitted(context);
  await scaikeyCall(context, 'POST', `/api/v1/admin/registrations/${vars.request}/approve`);
  return vars;
}

/** A finished full sync, so sync-status has something to show. */
async function synced(client: ScaiVaultClient): Promise<void> {
  const run = await client.identity.sync();
  await client.identity.syncRun(run.sync_id, { waitSeconds: 10 });
}

const status = (vars: Record<string, string>) => ['scaikey', 'status', '--request-id', vars.request!, '--status-token', '-'];
const scenario = (s: FixtureScenario): FixtureScenario => ({ scaikey: true, ...s });

/** Every scaikey command against a fresh local server beside a development ScaiKey it trusts. */
export const scenarios: FixtureScenario[] = [
  scenario({ name: 'register-tenant', description: 'register submits a tenant registration and prints its request id', argv: REGISTER }),
  scenario({
    name: 'register-json',
    description: 'register --json prints the request, never the status token',
    argv: [...REGISTER, '--json'],
  }),
  scenario({
    name: 'register-partner',
    description: 'register --scope partner names the partner',
    argv: ['scaikey', 'register', '--scope', 'partner', '--partner-slug', 'globex', '--email', 'ops@globex.example'],
  }),
  scenario({
    name: 'register-missing-tenant-slug',
    description: 'a tenant registration needs --tenant-slug (exit 5, nothing sent)',
    argv: ['scaikey', 'register', '--scope', 'tenant', '--email', 'admin@acme.example'],
  }),
  scenario({ name: 'status-none', description: 'status without a registration in the home is exit 4', argv: ['scaikey', 'status'] }),
  scenario({
    name: 'status-pending',
    description: 'status of a request not yet decided',
    setupWithContext: (_client, context) => submitted(context),
    argv: status,
    stdin: (vars) => vars.token!,
  }),
  scenario({
    name: 'status-approved',
    description: 'status of an approved request picks up and stores the client credentials, shows the secret once, and logs in',
    setupWithContext: (_client, context) => approved(context),
    argv: status,
    stdin: (vars) => vars.token!,
  }),
  scenario({
    name: 'status-approved-json',
    description: 'status --json of an approved request: the registration with its credentials and who they log in as',
    setupWithContext: (_client, context) => approved(context),
    argv: (vars) => [...status(vars), '--json'],
    stdin: (vars) => vars.token!,
  }),
  scenario({
    name: 'status-already-picked-up',
    description: 'the credentials of an approved request are handed out once: a second pickup is exit 1',
    setupWithContext: async (_client, context) => {
      const vars = await approved(context);
      await scaikeyCall(
        context,
        'GET',
        `/api/v1/public/register/applications/${vars.request}?status_token=${vars.token}`,
        undefined,
        false,
      );
      return vars;
    },
    argv: status,
    stdin: (vars) => vars.token!,
  }),
  scenario({
    name: 'status-rejected',
    description: 'status of a rejected request is exit 1 with the reason',
    setupWithContext: async (_client, context) => {
      const vars = await submitted(context);
      await scaikeyCall(context, 'POST', `/api/v1/admin/registrations/${vars.request}/reject`, { reason: 'unknown organisation' });
      return vars;
    },
    argv: status,
    stdin: (vars) => vars.token!,
  }),
  scenario({
    name: 'status-wrong-token',
    description: 'a status token that is not the request’s reads as not found (exit 4)',
    setupWithContext: (_client, context) => submitted(context),
    argv: status,
    stdin: 'rst_not-the-right-status-token-000000000000',
  }),
  scenario({
    name: 'sync',
    description: 'sync starts a full identity sync, waits for it and reports the counts',
    argv: ['scaikey', 'sync'],
  }),
  scenario({ name: 'sync-json', description: 'sync --json prints the finished run', argv: ['scaikey', 'sync', '--json'] }),
  scenario({ name: 'sync-no-wait', description: 'sync --no-wait prints the sync id at once', argv: ['scaikey', 'sync', '--no-wait'] }),
  scenario({ name: 'sync-tenant', description: 'sync --tenant-id syncs one tenant', argv: ['scaikey', 'sync', '--tenant-id', 'tnt_dev'] }),
  scenario({
    name: 'sync-unknown-tenant',
    description: 'a sync of a tenant ScaiKey does not have fails, exit 1 with its reason',
    argv: ['scaikey', 'sync', '--tenant-id', 'tnt_nowhere'],
  }),
  scenario({ name: 'sync-status-none', description: 'sync-status before any sync is exit 4', argv: ['scaikey', 'sync-status'] }),
  scenario({ name: 'sync-status', description: 'sync-status shows the latest run', setup: synced, argv: ['scaikey', 'sync-status'] }),
  scenario({
    name: 'sync-status-history',
    description: 'sync-status --history lists the runs',
    setup: synced,
    argv: ['scaikey', 'sync-status', '--history'],
  }),
  scenario({
    name: 'sync-status-history-json',
    description: 'sync-status --history --json is the API envelope',
    setup: synced,
    argv: ['scaikey', 'sync-status', '--history', '--json'],
  }),
];
