import { join } from 'node:path';

/** Where scaivault keeps its files: `$SCAIVAULT_HOME`, else `~/.scaivault`. */
export function scaivaultHome(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  return env.SCAIVAULT_HOME && env.SCAIVAULT_HOME.length > 0 ? env.SCAIVAULT_HOME : join(homedir, '.scaivault');
}
