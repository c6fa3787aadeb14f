import type { Actor } from '../shared/actor.js';
import { DEFAULT_PARTNER_ID, hasScope, rootIdentity, ROOT_IDENTITY_ID, type Identity } from '../shared/identity.js';
import type { PersonalTokens } from '../personal-tokens/personal-tokens.js';
import type { ServiceAccounts } from '../service-accounts/service-accounts.js';
import type { AccessControl } from '../policies/access-control.js';
import type { EventEnvelope } from '../events/event-bus.js';

/**
 * Events reach only subscribers who may see them, judged when each event is delivered (not when
 * the subscription was made), with the same rule as a request: scope and a bound policy.
 *
 * - An event about a secret path (`secret.*`, `rotation.*`, `policy.violation`) needs `read` or
 *   `list` on that path — either already shows the path and its metadata, which is all an
 *   event carries.
 * - `policy.*` events also need the `policies:read` scope (they name policies and identities).
 * - Any other event without a path needs `admin`.
 *
 * A poll is judged as the token that polls. A webhook delivery has no request, so it is judged
 * as the subscription's owner (for tenant webhooks, their creator) as the owner stands now: the
 * policies bound to the identity and its groups, and the scopes of its live credentials. Such a
 * delivery has no source address and no MFA, so rules limited by `ip_ranges` or requiring MFA
 * do not grant it.
 */
export class EventVisibility {
  constructor(
    private readonly access: AccessControl,
    private readonly personalTokens: PersonalTokens,
    private readonly serviceAccounts: ServiceAccounts,
  ) {}

  async visibleTo(viewer: Actor, event: EventEnvelope): Promise<boolean> {
    const { identity } = viewer;
    if (identity.isRoot) return true;
    if (event.event_type.startsWith('policy.') && !hasScope(identity, 'policies:read')) return false;
    const path = event.path;
    if (path === undefined) return event.event_type.startsWith('policy.') || hasScope(identity, 'admin');
    return (
      (hasScope(identity, 'secrets:read') && (await this.access.permits(viewer, path, 'read'))) ||
      (hasScope(identity, 'secrets:list') && (await this.access.permits(viewer, path, 'list')))
    );
  }

  /** Whether the owner of a subscription or webhook may see `event` now; an owner without a live credential sees nothing. */
  async visibleToOwner(tenantId: string, ownerId: string, event: EventEnvelope): Promise<boolean> {
    const owner = await this.ownerAsActor(tenantId, ownerId);
    return owner !== undefined && (await this.visibleTo(owner, event));
  }

  private async ownerAsActor(tenantId: string, ownerId: string): Promise<Actor | undefined> {
    if (ownerId === ROOT_IDENTITY_ID) return { tenantId, identity: rootIdentity(), requestId: '', sourceIp: '' };
    const standing = await this.personalTokens.standingOf(tenantId, ownerId);
    const accountScopes = ownerId.startsWith('sa:') ? await this.serviceAccounts.scopesOf(tenantId, ownerId) : undefined;
    if (!standing && !accountScopes) return undefined;
    const identity: Identity = {
      id: ownerId,
      type: ownerId.startsWith('sa:') ? 'service_account' : 'user',
      displayName: ownerId,
      tenantId,
      partnerId: DEFAULT_PARTNER_ID,
      scopes: [...new Set([...(accountScopes ?? []), ...(standing?.scopes ?? [])])],
      groups: standing?.groups ?? [],
      roles: [],
      isRoot: false,
      mfaVerified: false,
      issuedAt: null,
      expiresAt: null,
    };
    return { tenantId, identity, requestId: '', sourceIp: '' };
  }
}
