import { PlainCommand, Tokens, UsageError, parseDurationMs, readInputFile } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import { parseEnvFile } from '../env-file.js';
import { parseEnvFlag, requireReferencedPath, type EnvBinding } from '../references.js';
import type { InjectionPlan } from '../secret-values.js';

export class RunCommand extends PlainCommand {
  static override paths = [['run']];
  // It runs any program with the user's secrets: never a tool a model may call.
  static override tool = false as const;
  static override effect = 'reveal' as const;

  static override placeholders = {
    '--env': 'NAME=path#field',
    '--from': 'path',
    '--env-file': 'file',
    '--mount': 'dir',
    '--restart-timeout': 'duration',
    '--debounce': 'duration',
  };

  static override usage = PlainCommand.Usage({
    category: 'Run',
    description: 'Run a program with secrets in its environment',
    details: `
      \`scaivault run [options] -- COMMAND [ARGS...]\`: everything after \`--\` is the program and its arguments.

      The program gets this environment plus the secrets; the values go to it alone — never to a file (unless
      \`--mount\`), the command line or the log. \`run\` exits with the program's exit code, or 128+N when signal N ended
      it; SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR2 and SIGWINCH sent to \`run\` are passed on to the program's process
      group. A program that cannot be started is 127 (not found) or 126; a missing secret or field is 4, before
      anything starts.

      \`--env NAME=path#field\` (repeatable) sets one variable to one field. \`--from path\` (repeatable) sets a variable
      for every field of a secret, upper-cased (\`db-password\` → \`DB_PASSWORD\`), with \`--prefix\` in front.
      \`--env-file FILE\` (repeatable) reads \`NAME=scaivault://path#field\` lines (\`#\` comments, \`export\` and quotes
      allowed): a file that says where the values come from without holding them, safe to commit. Later sources win:
      \`--from\`, then \`--env-file\`, then \`--env\`.

      \`NAME=dynamic:<engine>/<role>#field\` (in \`--env\` or after \`scaivault://\`) issues one dynamic lease per engine and
      role when the program starts, renews it while the program runs, and revokes it when the program ends —
      normally, by a signal, or because \`run\` was interrupted.

      \`--mount DIR\` (Linux): the values go into files \`DIR/NAME\` instead (directory 0700, files 0600, created by
      \`run\`, so DIR must not exist) and the environment gets \`NAME_FILE=DIR/NAME\`; the directory is removed when the
      program exits. For certificates and keys.

      \`--watch\`: the secrets read are watched through a subscription's long-poll (no polling loop); after a change
      (changes within \`--debounce\`, default 1s, count as one) the values are read again and, if any differs, the
      program gets SIGTERM, then SIGKILL after \`--restart-timeout\` (default 10s), and is started again with the new
      values. A lost connection is retried while the program keeps running. When the program exits by itself, \`run\`
      stops watching and exits with its code. Needs \`subscriptions:write\`; the subscription is deleted at the end.
    `,
    examples: [
      ['One variable from one field', 'scaivault run --env DB_PASSWORD=app/db#password -- ./server'],
      ['Every field of a secret, prefixed', 'scaivault run --from app/config --prefix APP_ -- node app.js'],
      [
        'References from a committed file',
        "printf 'DB_PASSWORD=scaivault://app/db#password\\n' > .env.refs && scaivault run --env-file .env.refs -- ./server",
      ],
      [
        'A database login for the lifetime of a job',
        'scaivault run --env DB_URL=dynamic:postgres-prod/readonly#connection_url -- ./nightly-report',
      ],
      ['Restart when a secret rotates', 'scaivault run --watch --env API_KEY=integrations/stripe#api_key -- ./worker'],
      [
        'A TLS key as a file',
        'scaivault run --mount /run/app-secrets --env TLS_KEY=pki/web#private_key -- ./server --key-file-from-env TLS_KEY_FILE',
      ],
    ],
  });

  env = Option.Array('--env', [], { description: 'NAME=path#field or NAME=dynamic:<engine>/<role>#field (repeatable)' });
  from = Option.Array('--from', [], { description: 'Every field of this secret as an upper-cased variable (repeatable)' });
  prefix = Option.String('--prefix', '', { description: 'Put this in front of every --from variable, e.g. APP_' });
  envFile = Option.Array('--env-file', [], { description: 'A file of NAME=scaivault://path#field lines (repeatable)' });
  mount = Option.String('--mount', { description: 'Linux: the values as files in this new private directory, removed afterwards' });
  watch = Option.Boolean('--watch', false, { description: 'Restart the program when a secret it reads changes' });
  restartTimeout = Option.String('--restart-timeout', { description: 'With --watch: how long after SIGTERM before SIGKILL (default 10s)' });
  debounce = Option.String('--debounce', { description: 'With --watch: changes this close together restart once (default 1s)' });
  url = Option.String('--url', { description: 'API base URL for this call (overrides SCAIVAULT_URL and base_url)' });
  tenant = Option.String('--tenant', { description: 'Act in this tenant, for partner admins (overrides tenant_id)' });
  partner = Option.String('--partner', { description: 'Act as this partner (overrides partner_id)' });
  command = Option.Rest({ name: 'command' });

  async execute(): Promise<number> {
    const [command, ...args] = this.command;
    if (command === undefined || command === '')
      throw new UsageError('missing the program to run', 'e.g. scaivault run --env DB_PASSWORD=app/db#password -- ./server');
    const plan = this.plan();
    if (plan.from.length === 0 && plan.bindings.length === 0)
      throw new UsageError('nothing to put in the environment', 'give --env NAME=path#field, --from path or --env-file FILE');
    if (this.prefix !== '' && plan.from.length === 0) throw new UsageError('--prefix applies to --from, and there is none');
    if (!this.watch && (this.restartTimeout !== undefined || this.debounce !== undefined))
      throw new UsageError(`${this.restartTimeout !== undefined ? '--restart-timeout' : '--debounce'} applies to --watch only`);
    const watch = this.watch
      ? {
          restartTimeoutMs: this.restartTimeout === undefined ? 10_000 : parseDurationMs(this.restartTimeout, '--restart-timeout'),
          debounceMs: this.debounce === undefined ? 1_000 : parseDurationMs(this.debounce, '--debounce'),
        }
      : undefined;
    if (watch && !plan.from.length && !plan.bindings.some((binding) => binding.reference.kind === 'secret'))
      throw new UsageError('--watch has nothing to watch: every reference is dynamic', 'dynamic credentials are held for the whole run');

    const client = await this.api();
    // The process-handling half loads only once the input is known to be good.
    const { RunSession } = await import('../run-session.js');
    const session = new RunSession(
      { plan, command, args, watch, mountDir: this.mount },
      {
        client,
        clock: this.resolve(Tokens.Clock),
        signals: this.resolve(Tokens.Signals),
        output: this.output,
        fs: this.resolve(Tokens.FileSystem),
        env: this.resolve(Tokens.Env),
        streams: { stdin: this.context.stdin, stdout: this.context.stdout, stderr: this.context.stderr },
      },
    );
    return session.run();
  }

  private plan(): InjectionPlan {
    const from = this.from.map((path) => ({ path: requireReferencedPath(path, '--from'), prefix: this.prefix }));
    const fs = this.resolve(Tokens.FileSystem);
    const bindings: EnvBinding[] = [];
    for (const file of this.envFile) bindings.push(...parseEnvFile(readInputFile(fs, file, `--env-file ${file}`), file));
    for (const flag of this.env) bindings.push(parseEnvFlag(flag));
    return { from, bindings };
  }
}
