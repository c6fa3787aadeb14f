import { generateKeyPairSync } from 'node:crypto';
import type { Client } from 'acme-client';
import type { DnsProviders, ChallengeDns } from '../dns-providers/dns-providers.js';
import { DnsProviderError } from '../dns-providers/dns-record-writer.js';
import type { EventBus } from '../events/event-bus.js';
import type { AuditLog } from '../audit/audit-log.js';
import { systemActor } from '../shared/actor.js';
import { newRequestId } from '../shared/ids.js';
import { iso, type Clock } from '../shared/time.js';
import { ApiError } from '../http/api-error.js';
import type { AcmeAccounts } from './acme-accounts.js';
import type { AcmeOrders, OrderProblem, OrderRow, WrittenRecord } from './acme-orders.js';
import type { AcmeCertificateStore } from './issued-certificates.js';
import { pemBlocks } from './issued-certificates.js';
import { CaUnreachable, loadAcme, probeDirectory } from './acme-client-factory.js';

/** How long the TXT records may take to show on every authoritative server before the order gives up. */
export const PROPAGATION_TIMEOUT_MS = 5 * 60_000;

/** A failure that ends the order `invalid` with this problem. */
class OrderFailed extends Error {
  constructor(readonly problem: OrderProblem) {
    super(problem.detail);
  }
}

export interface OrderRunnerDeps {
  accounts: AcmeAccounts;
  orders: AcmeOrders;
  providers: DnsProviders;
  certificates: AcmeCertificateStore;
  events: EventBus;
  audit: AuditLog;
  clock: Clock;
  pollMs: number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The CA's problem from an acme-client error: acme-client keeps only the CA's `detail` as the message. */
function caProblem(error: unknown, during: string): OrderProblem {
  if (error instanceof OrderFailed) return error.problem;
  if (error instanceof DnsProviderError) return { type: 'urn:scaivault:acme:dns-provider', detail: error.message };
  if (error instanceof ApiError) return { type: `urn:scaivault:acme:${error.code}`, detail: error.message };
  if (error instanceof CaUnreachable)
    return { type: 'urn:scaivault:acme:ca-unreachable', detail: `the ACME CA could not be reached while ${during}: ${error.message}` };
  // acme-client keeps only the CA's `detail` of a problem document, not its type.
  return { type: 'urn:scaivault:acme:ca-rejected', detail: `${during}: ${(error as Error).message}` };
}

/**
 * Runs one order from `pending` to `valid` or `invalid`: one TXT record per authorization through the
 * DNS provider, a wait until every authoritative server answers it, the challenges, finalisation
 * with a server-made key (or the caller's CSR), and the certificate kept. TXT records are removed
 * however it ends.
 */
export class OrderRunner {
  constructor(private readonly deps: OrderRunnerDeps) {}

  async run(row: OrderRow, stopping: () => boolean): Promise<void> {
    const { orders } = this.deps;
    const written: (WrittenRecord & { dns: ChallengeDns })[] = [];
    const stage = async (text: string, status?: 'pending' | 'processing') => {
      return orders.update(row.id, {
        stage: text,
        ...(status ? { status } : {}),
        dns_records: JSON.stringify(written.map(({ dns: _dns, ...r }) => r)),
      });
    };
    let during = 'placing the order';
    try {
      await this.cleanLeftovers(row);
      const account = await this.deps.accounts.row(row.tenant_id, row.account_id);
      const client = await this.deps.accounts.clientFor(account);
      const domains = JSON.parse(row.domains) as string[];
      await stage('placing the order with the CA', 'pending');
      await probeDirectory(account.directory_url, account.ca_bundle);
      const order = await client.createOrder({ identifiers: domains.map((value) => ({ type: 'dns', value })) });
      during = 'reading the authorizations';
      const authorizations = await client.getAuthorizations(order);
      const challenges: Parameters<Client['completeChallenge']>[0][] = [];
      const http = row.challenge_type === 'http-01';
      const placing = http ? 'placing the http-01 tokens' : 'writing the TXT records';
      during = placing;
      await stage(placing);
      for (const authz of authorizations) {
        if (authz.status === 'valid') continue;
        const challenge = authz.challenges.find((candidate) => candidate.type === row.challenge_type);
        if (!challenge)
          throw new OrderFailed({
            type: http ? 'urn:scaivault:acme:no-http-challenge' : 'urn:scaivault:acme:no-dns-challenge',
            detail: `the CA offers no ${row.challenge_type} challenge for ${authz.identifier.value}`,
          });
        const value = await client.getChallengeKeyAuthorization(challenge);
        const dns = await this.deps.providers.forDomain(row.tenant_id, authz.identifier.value, row.dns_provider_id ?? undefined);
        if (http) {
          const domain = authz.identifier.value;
          if (!dns.httpTokens)
            throw new OrderFailed({
              type: 'urn:scaivault:acme:dns-provider',
              detail: `the DNS provider ${dns.providerId} of ${domain} can no longer place http-01 tokens`,
            });
          await dns.httpTokens.addHttpToken(domain, challenge.token, value);
          written.push({ provider_id: dns.providerId, zone: dns.zone, name: domain, value, token: challenge.token, dns });
        } else {
          const name = `_acme-challenge.${authz.identifier.value}`;
          await dns.writer.addTxt(dns.zone, name, value);
          written.push({ provider_id: dns.providerId, zone: dns.zone, name, value, dns });
        }
        challenges.push(challenge);
        await stage(placing);
      }
      during = 'waiting for DNS propagation';
      if (!http) await stage('waiting for DNS propagation');
      const deadline = this.deps.clock() + PROPAGATION_TIMEOUT_MS;
      // An http-01 token is in place once the hook returns, as with certbot's manual hooks.
      for (const record of http ? [] : written) {
        while (!(await record.dns.visible(record.name, record.value))) {
          if (stopping()) throw new Error('the server is stopping');
          if (this.deps.clock() > deadline)
            throw new OrderFailed({
              type: 'urn:scaivault:acme:dns-propagation-timeout',
              detail: `the TXT record ${record.name} did not reach every authoritative server within ${PROPAGATION_TIMEOUT_MS / 60_000} minutes`,
            });
          await sleep(this.deps.pollMs);
        }
      }
      during = 'answering the challenges';
      await stage('the CA is validating the challenges', 'processing');
      for (const challenge of challenges) await client.completeChallenge(challenge);
      for (const challenge of challenges) {
        try {
          await client.waitForValidStatus(challenge);
        } catch (error) {
          throw await this.challengeProblem(client, order, row.challenge_type, error);
        }
      }
      during = 'finalizing the order';
      await stage('finalizing the order');
      const { csr, keyPem } = await this.csrFor(row, domains);
      const finalized = await client.finalizeOrder(order, csr);
      const ready = finalized.status === 'valid' ? finalized : await client.waitForValidStatus(finalized);
      during = 'downloading the certificate';
      const chain = pemBlocks(await client.getCertificate(ready));
      const kept = await this.deps.certificates.keep({
        tenantId: row.tenant_id,
        orderId: row.id,
        accountId: row.account_id,
        chainPem: chain,
        privateKeyPem: keyPem,
        autoRenew: row.auto_renew === 1,
        renewalOf: row.renewal_of,
      });
      await this.removeRecords(written);
      const now = this.deps.clock();
      await orders.update(row.id, {
        status: 'valid',
        stage: 'issued',
        certificate_id: kept.id,
        completed_at: now,
        dns_records: '[]',
        claimed_at: null,
      });
      if (row.renewal_of) await this.deps.certificates.markRenewed(row.renewal_of, kept.id);
      await this.announce(row, 'certificate.issued', true, {
        certificate_id: kept.id,
        serial_number: kept.serial_number,
        not_after: iso(kept.not_after),
      });
      if (row.renewal_of)
        await this.announce(row, 'certificate.renewed', true, {
          certificate_id: kept.id,
          previous_certificate_id: row.renewal_of,
          not_after: iso(kept.not_after),
        });
    } catch (error) {
      const leftovers = await this.removeRecords(written);
      if (stopping() && !(error instanceof OrderFailed)) {
        // Left for the next leader (or this one after a restart) to run again from the start.
        await orders.update(row.id, { stage: 'queued', claimed_at: null, dns_records: JSON.stringify(leftovers) });
        return;
      }
      const problem = caProblem(error, during);
      await orders.update(row.id, {
        status: 'invalid',
        stage: 'failed',
        problem: JSON.stringify(problem),
        completed_at: this.deps.clock(),
        dns_records: JSON.stringify(leftovers),
        claimed_at: null,
      });
      // A failed renewal is news to whoever watches rotations; a first order's caller sees `invalid` when it polls.
      await this.announce(row, row.renewal_of ? 'rotation.failed' : undefined, false, { error: problem, certificate_id: row.renewal_of });
    }
  }

  /** The failed challenge's own problem, as the CA recorded it on the authorization. */
  private async challengeProblem(
    client: Client,
    order: Parameters<Client['getAuthorizations']>[0],
    type: string,
    error: unknown,
  ): Promise<OrderFailed> {
    try {
      for (const authz of await client.getAuthorizations(order)) {
        const failed = authz.challenges.find((challenge) => challenge.type === type && challenge.error);
        const problem = failed?.error as { type?: string; detail?: string; status?: number } | undefined;
        if (problem)
          return new OrderFailed({
            type: problem.type ?? 'urn:ietf:params:acme:error:unauthorized',
            detail: problem.detail ?? 'challenge failed',
            ...(problem.status ? { status: problem.status } : {}),
          });
      }
    } catch {
      // fall back to what acme-client said
    }
    return new OrderFailed({ type: 'urn:ietf:params:acme:error:unauthorized', detail: (error as Error).message });
  }

  private async csrFor(row: OrderRow, domains: string[]): Promise<{ csr: string; keyPem: string | undefined }> {
    if (row.csr_pem) return { csr: row.csr_pem, keyPem: undefined };
    const acme = await loadAcme();
    const keyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const [, csr] = await acme.crypto.createCsr({ commonName: domains[0]!, altNames: domains }, keyPem);
    return { csr: csr.toString(), keyPem };
  }

  /** Removes every written value; answers those that could not be removed (kept on the order, and logged). */
  private async removeRecords(written: (WrittenRecord & { dns: ChallengeDns })[]): Promise<WrittenRecord[]> {
    const left: WrittenRecord[] = [];
    for (const { dns, ...record } of written.splice(0)) {
      try {
        await removeOne(dns, record);
      } catch (error) {
        this.deps.log(`acme: could not remove ${describe(record)}: ${(error as Error).message}`);
        left.push(record);
      }
    }
    return left;
  }

  /** Values a previous run wrote and could not remove (or an instance that died mid-order). */
  private async cleanLeftovers(row: OrderRow): Promise<void> {
    for (const record of JSON.parse(row.dns_records) as WrittenRecord[]) {
      try {
        const domain = record.token === undefined ? record.name.replace(/^_acme-challenge\./, '') : record.name;
        await removeOne(await this.deps.providers.forDomain(row.tenant_id, domain, record.provider_id), record);
      } catch (error) {
        this.deps.log(`acme: could not remove the leftover ${describe(record)}: ${(error as Error).message}`);
      }
    }
  }

  private async announce(row: OrderRow, type: string | undefined, success: boolean, data: Record<string, unknown>): Promise<void> {
    const requestId = newRequestId();
    const actor = systemActor(row.tenant_id, 'acme', requestId);
    const domains = JSON.parse(row.domains) as string[];
    this.deps.audit.record({
      tenantId: row.tenant_id,
      timestamp: this.deps.clock(),
      action: 'acme_order_complete',
      identityType: actor.identity.type,
      identityId: actor.identity.id,
      secretPath: null,
      sourceIp: null,
      userAgent: null,
      success,
      durationMs: this.deps.clock() - row.created_at,
      requestId,
      extra: {
        order_id: row.id,
        domains,
        ...(success ? { certificate_id: data.certificate_id } : { error_type: (data.error as OrderProblem).type }),
      },
    });
    if (type === undefined) return;
    try {
      await this.deps.events.emit(actor, { type, data: { order_id: row.id, account_id: row.account_id, domains, ...data } });
    } catch (error) {
      this.deps.log(`acme: could not emit ${type}: ${(error as Error).message}`);
    }
  }
}

function removeOne(dns: ChallengeDns, record: WrittenRecord): Promise<void> {
  if (record.token === undefined) return dns.writer.removeTxt(record.zone, record.name, record.value);
  if (!dns.httpTokens) throw new DnsProviderError(`the DNS provider ${dns.providerId} can no longer remove http-01 tokens`);
  return dns.httpTokens.removeHttpToken(record.name, record.token, record.value);
}

function describe(record: WrittenRecord): string {
  return record.token === undefined ? `the TXT record ${record.name}` : `the http-01 token for ${record.name}`;
}
