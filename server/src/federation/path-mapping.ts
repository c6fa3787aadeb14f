import { ApiError } from '../http/api-error.js';
import { validateSecretPath } from '../shared/secret-path.js';

/**
 * One entry of a backend's `path_mapping`: a ScaiVault glob and the backend path template it
 * maps to. The glob is a literal path or a literal prefix ending in `/**`, and the template ends in
 * `**` exactly when the glob does: what `**` matched is put where the template's `**` stands, so
 * `external/hashicorp/**` → `secret/data/**` maps `external/hashicorp/app/db` to `secret/data/app/db`,
 * and every backend path under the template's prefix maps back to exactly one ScaiVault path.
 */
export interface PathRule {
  pattern: string;
  template: string;
  /** The literal part of the glob: the path itself, or the prefix before `/**`. */
  localPrefix: string;
  /** The literal part of the template before its `**`, or the whole template. */
  remotePrefix: string;
  wildcard: boolean;
}

function invalidMapping(pattern: string, reason: string): ApiError {
  return new ApiError(400, 'invalid_config', `path_mapping '${pattern}': ${reason}`, { field: 'path_mapping', path_pattern: pattern });
}

export function parsePathMapping(mapping: Record<string, unknown>): PathRule[] {
  const entries = Object.entries(mapping);
  if (entries.length === 0) throw new ApiError(400, 'invalid_config', 'path_mapping needs at least one entry', { field: 'path_mapping' });
  if (entries.length > 50) throw new ApiError(400, 'invalid_config', 'path_mapping has more than 50 entries', { field: 'path_mapping' });
  const rules = entries.map(([pattern, template]) => parseRule(pattern, template));
  for (const [index, rule] of rules.entries())
    for (const other of rules.slice(index + 1))
      if (rulesOverlap(rule, other)) throw invalidMapping(other.pattern, `overlaps '${rule.pattern}'`);
  return rules;
}

function parseRule(pattern: string, template: unknown): PathRule {
  if (typeof template !== 'string' || template === '' || template.length > 512)
    throw invalidMapping(pattern, 'the backend path template must be a non-empty string of at most 512 characters');
  const wildcard = pattern.endsWith('/**');
  const localPrefix = wildcard ? pattern.slice(0, -3) : pattern;
  try {
    validateSecretPath(localPrefix);
  } catch {
    throw invalidMapping(pattern, 'a ScaiVault path, or a path prefix followed by /** (e.g. external/hashicorp/**)');
  }
  const stars = template.split('**').length - 1;
  if (wildcard ? stars !== 1 || !template.endsWith('**') : stars !== 0)
    throw invalidMapping(
      pattern,
      wildcard ? 'the template must end in ** (e.g. secret/data/**)' : 'a literal path maps to a template without **',
    );
  if (template.startsWith('/') || /[\s?#]/.test(template))
    throw invalidMapping(pattern, 'the template has no leading slash, space, ? or #');
  return { pattern, template, localPrefix, remotePrefix: wildcard ? template.slice(0, -2) : template, wildcard };
}

/** Whether some path matches both rules. */
export function rulesOverlap(a: PathRule, b: PathRule): boolean {
  const under = (path: string, rule: PathRule) => path === rule.localPrefix || (rule.wildcard && path.startsWith(`${rule.localPrefix}/`));
  return under(a.localPrefix, b) || under(b.localPrefix, a);
}

/** The backend path a ScaiVault path maps to under a rule, or undefined if the rule does not match it. */
export function toBackendPath(rule: PathRule, path: string): string | undefined {
  if (!rule.wildcard) return path === rule.localPrefix ? rule.template : undefined;
  if (!path.startsWith(`${rule.localPrefix}/`)) return undefined;
  return `${rule.remotePrefix}${path.slice(rule.localPrefix.length + 1)}`;
}

/** The ScaiVault path a backend path maps back to under a rule, or undefined if it is not a valid one there. */
export function toLocalPath(rule: PathRule, backendPath: string): string | undefined {
  let path: string;
  if (!rule.wildcard) {
    if (backendPath !== rule.template) return undefined;
    path = rule.localPrefix;
  } else {
    if (!backendPath.startsWith(rule.remotePrefix) || backendPath.length === rule.remotePrefix.length) return undefined;
    path = `${rule.localPrefix}/${backendPath.slice(rule.remotePrefix.length)}`;
  }
  try {
    return validateSecretPath(path);
  } catch {
    // A backend name ScaiVault cannot hold (capitals, dots): skipped by a sync, reported in its count of skipped paths.
    return undefined;
  }
}

export function ruleFor(rules: readonly PathRule[], path: string): { rule: PathRule; backendPath: string } | undefined {
  for (const rule of rules) {
    const backendPath = toBackendPath(rule, path);
    if (backendPath !== undefined) return { rule, backendPath };
  }
  return undefined;
}
