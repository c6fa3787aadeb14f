import { ScaiVaultCommand, Tokens, UsageError, parseDuration } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { IDENTITY_TYPES, checkIdentityType, parseIdentityId } from '../input/identity.js';
import { requireId } from '../input/resource-id.js';
import { parseTimestamp } from '../input/timestamp.js';

export class PoliciesBindCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'bind']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Bind an access policy to a user, service account or group',
    details: `
      Identity ids carry their type: \`user:alice@acme.example\`, \`sa:reporting-service\`, \`group:developers\`.
      \`--identity-type\` (${IDENTITY_TYPES.join(', ')}) may be left out; when given it must agree with the id.
      A binding can expire: \`--expires-in 30d\` or \`--expires-at 2026-06-30T00:00:00Z\`. The printed binding id
      (\`bnd_...\`) is what \`policies unbind\` takes.
    `,
    examples: [
      ['Give a group the policy', 'scaivault policies bind pol_abc --identity-type group --identity-id group:developers'],
      ['For a service account, for 30 days', 'scaivault policies bind pol_abc --identity-id sa:reporting-service --expires-in 30d'],
    ],
  });

  policyId = Option.String({ name: 'policy-id' });
  identityType = Option.String('--identity-type', { description: `${IDENTITY_TYPES.join(', ')} (read from the id when left out)` });
  identityId = Option.String('--identity-id,--identity', { description: 'Identity id, e.g. group:developers' });
  expiresIn = Option.String('--expires-in', { description: 'The binding ends after this long, e.g. 30d' });
  expiresAt = Option.String('--expires-at', { description: 'The binding ends at this RFC 3339 time' });

  async execute(): Promise<number> {
    const id = requireId(this.policyId, 'policy id');
    if (this.identityId === undefined) throw new UsageError('--identity-id is required', 'e.g. --identity-id group:developers');
    const { identityId, identityType } = parseIdentityId(this.identityId, '--identity-id');
    const type = checkIdentityType(this.identityType, identityType, identityId);
    if (this.expiresIn !== undefined && this.expiresAt !== undefined)
      throw new UsageError('give either --expires-in or --expires-at, not both');
    const expiresAt = this.expiresAt !== undefined ? parseTimestamp(this.expiresAt, '--expires-at') : this.expiryFromDuration();

    const client = await this.api();
    const binding = await client.policies.bind(id, {
      identity_type: type,
      identity_id: identityId,
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    });
    const until = binding.expires_at ? ` until ${binding.expires_at}` : '';
    this.output.success(`Bound ${id} to ${identityId}${until} (binding ${binding.id ?? '?'})`, binding);
    return 0;
  }

  private expiryFromDuration(): string | undefined {
    if (this.expiresIn === undefined) return undefined;
    const seconds = parseDuration(this.expiresIn, '--expires-in');
    const now = this.resolve(Tokens.Clock).now();
    return new Date(now + seconds * 1000).toISOString();
  }
}
