import { ScaiVaultCommand, Tokens, UsageError, readJsonFile } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { PolicyInput, PolicyRuleInput } from '@scaivault/core/sdk';
import {
  SCOPES,
  cidrProblem,
  parsePermissions,
  parseRulesDocument,
  pathPatternProblem,
  type PolicyScope,
  type RulesDocument,
} from '../input/rules.js';

export class PoliciesCreateCommand extends ScaiVaultCommand {
  static override paths = [['policies', 'create']];
  static override effect = 'write' as const;

  static override usage = ScaiVaultCommand.Usage({
    category: 'Policies',
    description: 'Create an access policy from one rule (--path, --permissions) or a rules file',
    details: `
      A one-rule policy comes from \`--path PATTERN --permissions read,list\`, optionally with \`--require-mfa\` and
      \`--ip-range CIDR\` (repeatable). \`*\` matches one path segment, \`**\` any number, \`?\` one character.

      \`--rules-file FILE\` (or \`-\` for stdin) holds the REST \`rules\` array,
      \`[{"path_pattern": "...", "permissions": [...], "conditions": {...}}]\`, or a whole create body
      \`{"name", "description", "scope", "rules"}\`; flags override the body's fields. The file is checked before anything
      is sent. Permissions: read, write, delete, list, rotate, admin. The new policy has no bindings yet: add them
      with \`policies bind\`.
    `,
    examples: [
      [
        'Read access to production',
        'scaivault policies create --name "Production Read" --path "environments/production/**" --permissions read,list',
      ],
      [
        'Only from the VPN, with MFA',
        'scaivault policies create --name "Prod VPN" --path "environments/production/**" --permissions read --ip-range 10.0.0.0/8 --require-mfa',
      ],
      ['Several rules from a file', 'scaivault policies create --name "App team" --rules-file rules.json'],
    ],
  });

  name = Option.String('--name', { description: 'Policy name' });
  description = Option.String('--description', { description: 'What the policy is for' });
  scope = Option.String('--scope', { description: `${SCOPES.join(' or ')} (default tenant)` });
  pathPattern = Option.String('--path', { description: 'Path pattern of the one rule, e.g. "environments/production/**"' });
  permissions = Option.String('--permissions', { description: 'Permissions of the one rule, comma-separated, e.g. read,list' });
  requireMfa = Option.Boolean('--require-mfa', false, { description: 'The rule applies only with fresh MFA' });
  ipRanges = Option.Array('--ip-range', { description: 'The rule applies only from this CIDR range (repeatable)' });
  rulesFile = Option.String('--rules-file', { description: 'Read the rules (or the whole body) as JSON from FILE, or - for stdin' });

  async execute(): Promise<number> {
    const rules = this.rulesFromFlags();
    if (this.scope !== undefined && !SCOPES.includes(this.scope as PolicyScope)) {
      throw new UsageError(`invalid --scope ${JSON.stringify(this.scope)}`, `use one of ${SCOPES.join(', ')}`);
    }
    if (this.name !== undefined && this.name.trim() === '') throw new UsageError('--name must not be empty');
    if (this.rulesFile === undefined && this.name === undefined) throw new UsageError('--name is required');

    const document: RulesDocument = rules ? { rules } : await this.readRulesFile(this.rulesFile!);
    const name = this.name ?? document.name;
    if (name === undefined) throw new UsageError('--name is required', 'give --name, or a "name" in the rules file');
    const description = this.description ?? document.description;
    const scope = (this.scope as PolicyScope | undefined) ?? document.scope;
    const body: PolicyInput = { name, rules: document.rules, ...(description ? { description } : {}), ...(scope ? { scope } : {}) };

    const client = await this.api();
    const policy = await client.policies.create(body);
    const ruleCount = policy.rules?.length ?? body.rules.length;
    const bind = `scaivault policies bind ${policy.id} --identity-type group --identity-id group:developers`;
    this.output.success(
      `Created policy ${policy.id} (${policy.name}) with ${ruleCount} rule${ruleCount === 1 ? '' : 's'}; bind it with \`${bind}\``,
      policy,
    );
    return 0;
  }

  /** The one rule the flags describe, or undefined when the rules come from a file. */
  private rulesFromFlags(): PolicyRuleInput[] | undefined {
    const ruleFlags = this.permissions !== undefined || this.requireMfa || this.ipRanges !== undefined;
    if (this.rulesFile !== undefined) {
      if (this.pathPattern !== undefined || ruleFlags) throw new UsageError('give either --rules-file or --path/--permissions, not both');
      return undefined;
    }
    if (this.pathPattern === undefined) throw new UsageError('no rules given', 'give --path and --permissions, or --rules-file');
    const problem = pathPatternProblem(this.pathPattern);
    if (problem) throw new UsageError(`invalid --path ${JSON.stringify(this.pathPattern)}: ${problem}`);
    if (this.permissions === undefined) throw new UsageError('--path needs --permissions', 'e.g. --permissions read,list');
    const permissions = parsePermissions(this.permissions, '--permissions');
    for (const range of this.ipRanges ?? []) {
      const rangeProblem = cidrProblem(range);
      if (rangeProblem) throw new UsageError(`--ip-range ${JSON.stringify(range)} ${rangeProblem}`);
    }
    const conditions = { ...(this.ipRanges ? { ip_ranges: this.ipRanges } : {}), ...(this.requireMfa ? { require_mfa: true } : {}) };
    return [{ path_pattern: this.pathPattern, permissions, ...(Object.keys(conditions).length > 0 ? { conditions } : {}) }];
  }

  private async readRulesFile(file: string): Promise<RulesDocument> {
    const { value, source } = await readJsonFile(file, '--rules-file', { fs: this.resolve(Tokens.FileSystem), stdin: this.context.stdin });
    return parseRulesDocument(value, source);
  }
}
