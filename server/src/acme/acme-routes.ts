import { X509Certificate } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DependenciesOf } from '../modules/area-module.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf } from '../http/request-context.js';
import { ApiError } from '../http/api-error.js';
import { ACME_ENVIRONMENTS, ACME_PROVIDERS, directoryUrlFor, type AcmeEnvironment, type AcmeProvider } from './acme-directories.js';
import type { AcmeService } from './acme-area.js';
import { loadAcme } from './acme-client-factory.js';
import { pemBlocks } from './issued-certificates.js';
import { CHALLENGE_TYPES, ORDER_STATUSES, type ChallengeType, type OrderStatus } from './acme-orders.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';

const DOMAIN = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_DOMAINS = 100;

function readAccount(body: unknown) {
  const fields = new BodyReader(body);
  const provider = fields.optionalEnum('provider', ACME_PROVIDERS);
  if (!fields.has('provider')) fields.fail('provider', `required, one of ${ACME_PROVIDERS.join(', ')}`);
  const environment: AcmeEnvironment = fields.optionalEnum('environment', ACME_ENVIRONMENTS) ?? 'production';
  const name = fields.optionalString('name', { max: 256 }) ?? `${provider ?? 'acme'}-${environment}`;
  const email = fields.optionalString('email', { max: 320 });
  if (email !== undefined && !EMAIL.test(email)) fields.fail('email', 'must be an email address');
  let directoryUrl = fields.optionalString('directory_url', { max: 2048 });
  const caBundle = fields.optionalString('ca_bundle', { max: 256 * 1024 });
  const eab = fields.optionalNested('external_account_binding', (nested) => ({
    kid: nested.requiredString('kid', { max: 1024 }),
    hmacKey: nested.requiredString('hmac_key', { max: 1024 }),
  }));
  if (provider === 'custom') {
    if (directoryUrl === undefined) fields.fail('directory_url', 'required with provider custom');
    else if (!/^https:\/\/[^\s/]+/.test(directoryUrl)) fields.fail('directory_url', 'must be an https:// URL (RFC 8555 requires HTTPS)');
    if (caBundle !== undefined) {
      const blocks = pemBlocks(caBundle);
      if (blocks.length === 0) fields.fail('ca_bundle', 'must hold one or more PEM certificates');
      for (const block of blocks) {
        try {
          new X509Certificate(block);
        } catch {
          fields.fail('ca_bundle', 'holds a PEM block that is not a certificate');
        }
      }
    }
  } else if (provider !== undefined) {
    if (directoryUrl !== undefined) fields.fail('directory_url', 'only with provider custom');
    if (caBundle !== undefined) fields.fail('ca_bundle', 'only with provider custom');
    directoryUrl = directoryUrlFor(provider, environment);
    if (directoryUrl === undefined) fields.fail('environment', `${provider} has no ${environment} environment`);
  }
  fields.finish();
  return {
    name,
    provider: provider as AcmeProvider,
    environment,
    directoryUrl: directoryUrl!,
    email,
    caBundle,
    externalAccountBinding: eab,
  };
}

function readDomains(fields: BodyReader): string[] {
  const domains: string[] = [];
  for (const raw of fields.requiredStringArray('domains')) {
    const domain = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!DOMAIN.test(domain)) fields.fail('domains', `not a DNS name (a wildcard only as the leftmost label): ${raw}`);
    else if (!domains.includes(domain)) domains.push(domain);
  }
  if (fields.has('domains') && domains.length === 0) fields.fail('domains', 'at least one name');
  if (domains.length > MAX_DOMAINS) fields.fail('domains', `at most ${MAX_DOMAINS} names`);
  return domains;
}

export function registerAcmeRoutes(
  app: FastifyInstance,
  acme: AcmeService,
  { policies, 'dns-providers': providers }: DependenciesOf<'policies' | 'dns-providers'>,
): void {
  const { access } = policies;
  const id = (params: unknown) => (params as { id: string }).id;

  app.post('/v1/pki/acme/accounts', { config: { action: 'acme_account_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin');
    const spec = readAccount(request.body);
    reply.code(201);
    return await acme.accounts.create(actor, spec);
  });

  app.get('/v1/pki/acme/accounts', { config: { action: 'acme_account_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return { accounts: await acme.accounts.list(actor.tenantId), has_more: false };
  });

  app.get('/v1/pki/acme/accounts/:id', { config: { action: 'acme_account_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:admin', 'pki:issue');
    return await acme.accounts.get(actor.tenantId, id(request.params));
  });

  app.post('/v1/pki/acme/orders', { config: { action: 'acme_order_create' } }, async (request, reply) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    const fields = new BodyReader(request.body);
    const accountRef = fields.requiredString('account_id', { max: 256 });
    const domains = readDomains(fields);
    const challenge = fields.optionalString('challenge_type', { max: 32 }) ?? 'dns-01';
    const dnsProviderId = fields.optionalString('dns_provider_id', { max: 128 });
    const csrPem = fields.optionalString('csr', { max: 64 * 1024 });
    const autoRenew = fields.optionalBoolean('auto_renew') ?? true;
    fields.finish();
    if (!(CHALLENGE_TYPES as readonly string[]).includes(challenge)) {
      throw new ApiError(
        422,
        'unsupported_challenge_type',
        `Challenge type ${challenge} is not supported by this server; use ${CHALLENGE_TYPES.join(' or ')}`,
        { challenge_type: challenge, supported: [...CHALLENGE_TYPES] },
      );
    }
    const wildcard = domains.find((domain) => domain.startsWith('*.'));
    if (challenge === 'http-01' && wildcard !== undefined) {
      // RFC 8555 §7.1.3: a CA validates a wildcard name only through DNS.
      throw new ApiError(
        422,
        'validation_error',
        `Invalid field(s): domains (${wildcard} needs dns-01: a wildcard cannot be proved over HTTP)`,
        {
          fields: { domains: `${wildcard} needs challenge_type dns-01` },
        },
      );
    }
    const account = await acme.accounts.row(actor.tenantId, accountRef);
    // Refused now rather than minutes later: every name needs a provider that manages its zone (and
    // for http-01 one that can place the token: an exec hook).
    for (const domain of domains) {
      const place = await providers.forDomain(actor.tenantId, domain, dnsProviderId);
      if (challenge === 'http-01' && place.httpTokens === undefined)
        throw new ApiError(
          422,
          'unsupported_challenge_type',
          `The DNS provider ${place.providerId} of ${domain} cannot place http-01 tokens (only an exec hook provider can); use dns-01`,
          { challenge_type: challenge, domain, provider_id: place.providerId },
        );
    }
    if (csrPem !== undefined) await checkCsr(csrPem, domains);
    const row = await acme.orders.create(actor, {
      accountId: account.id,
      domains,
      challengeType: challenge as ChallengeType,
      dnsProviderId,
      csrPem,
      autoRenew,
      renewalOf: null,
    });
    acme.worker.kick();
    reply.code(202);
    return await acme.orders.view(row);
  });

  app.get('/v1/pki/acme/orders', { config: { action: 'acme_order_list' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    const query = request.query as Record<string, string | undefined>;
    if (query.status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(query.status))
      throw new ApiError(400, 'invalid_request', `status must be one of ${ORDER_STATUSES.join(', ')}`, { status: query.status });
    const limit = parseLimit(query.limit, 50, 500);
    const account = query.account_id === undefined ? undefined : await acme.accounts.row(actor.tenantId, query.account_id);
    const rows = await acme.orders.list(
      actor.tenantId,
      { status: query.status as OrderStatus | undefined, accountId: account?.id },
      decodeCursor<number>(query.cursor, 'number'),
      limit,
    );
    const result = page(rows, limit, (row) => row.seq);
    return {
      orders: await Promise.all(result.items.map((row) => acme.orders.view(row))),
      cursor: result.cursor,
      has_more: result.has_more,
    };
  });

  app.get('/v1/pki/acme/orders/:id', { config: { action: 'acme_order_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    return await acme.orders.get(actor.tenantId, id(request.params));
  });

  app.get('/v1/pki/acme/orders/:id/certificate', { config: { action: 'acme_certificate_read' } }, async (request) => {
    const actor = actorOf(request);
    access.requireScope(actor, 'pki:issue');
    return await acme.orders.certificate(actor.tenantId, id(request.params));
  });
}

/**
 * The CSR's subject alternative names must be exactly the ordered names (and its CN, if any, one of
 * them): the CA would refuse it at finalisation, minutes later.
 */
async function checkCsr(csrPem: string, domains: string[]): Promise<void> {
  const acme = await loadAcme();
  let names: string[];
  try {
    const read = acme.crypto.readCsrDomains(csrPem);
    names = read.altNames.map((name) => name.toLowerCase());
    if (read.commonName && !names.includes(read.commonName.toLowerCase())) names.push(read.commonName.toLowerCase());
  } catch {
    throw new ApiError(422, 'validation_error', 'Invalid field(s): csr', { fields: { csr: 'must be a PEM certificate request' } });
  }
  const wanted = new Set(domains);
  const given = new Set(names);
  if (wanted.size !== given.size || [...wanted].some((name) => !given.has(name))) {
    throw new ApiError(422, 'csr_domains_mismatch', `The CSR names ${[...given].join(', ')} but the order is for ${domains.join(', ')}`, {
      csr_names: [...given],
      domains,
    });
  }
}
