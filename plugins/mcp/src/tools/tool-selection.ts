// Which tools a server offers: reads always, writes and deletions only when the user allowed them,
// narrowed further by --allow-tools and --deny-tools.
import { UsageError } from '@scaivault/core';
import type { ToolSpec } from './tool-catalog.js';

export interface ToolPolicy {
  allowWrite: boolean;
  allowReveal: boolean;
  /** Globs of tool names; when any are given, only the tools matching one are offered. */
  allowTools: readonly string[];
  /** Globs of tool names never offered. */
  denyTools: readonly string[];
}

/** A glob as a tool name matcher: `*` any run of characters, `?` one; a space may stand for `_` (`secrets *`). */
export function globMatcher(glob: string, flag: string): (name: string) => boolean {
  const text = glob.trim().replace(/ +/g, '_');
  if (!/^[A-Za-z0-9_*?-]+$/.test(text)) {
    throw new UsageError(`invalid ${flag} "${glob}": a tool name or a glob of one (letters, digits, _, -, * and ?)`);
  }
  const pattern = new RegExp(`^${text.replace(/[*?]/g, (c) => (c === '*' ? '.*' : '.'))}$`);
  return (name) => pattern.test(name);
}

/** `--allow-tools a,b --allow-tools c` → the matchers of a, b and c. */
export function globList(values: readonly string[], flag: string): Array<(name: string) => boolean> {
  return values
    .flatMap((value) => value.split(','))
    .filter((value) => value.trim().length > 0 || invalid(flag))
    .map((value) => globMatcher(value, flag));
}

function invalid(flag: string): never {
  throw new UsageError(`invalid ${flag}: an empty tool name`);
}

/** The tools offered under a policy. */
export function selectTools(tools: readonly ToolSpec[], policy: ToolPolicy): ToolSpec[] {
  const allow = globList(policy.allowTools, '--allow-tools');
  const deny = globList(policy.denyTools, '--deny-tools');
  return tools.filter((tool) => {
    if ((tool.effect === 'write' || tool.effect === 'destroy') && !policy.allowWrite) return false;
    if (allow.length > 0 && !allow.some((matches) => matches(tool.name))) return false;
    return !deny.some((matches) => matches(tool.name));
  });
}
