// Static imports, yet loaded lazily: this module is reached only through run-session's dynamic
// import, and a bundle without import() of its own is compiled from a code cache.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { CliError, type ExitCode } from '@scaivault/core';

/** How a program ended: its exit code, or the signal that ended it. */
export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProgramStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Signals `run` passes on to the program. SIGUSR1 is Node's own (the inspector) and is left alone. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGWINCH'];

/**
 * The exit code `run` ends with: the program's own, or 128 + N when signal N ended it — what a
 * shell reports for a process a signal killed.
 */
export function exitCodeOf(exit: ProgramExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal === null ? undefined : constants.signals[exit.signal];
  return 128 + (number ?? 0);
}

/**
 * One run of the program. Node's `detached` makes it the leader of a session and process group of
 * its own, so a signal reaches whatever it started too. With a terminal on stdin it stays in ours
 * instead: a new session has no controlling terminal, so /dev/tty (password prompts, pagers) and
 * job control would not work; the terminal's own Ctrl-C (SIGINT, SIGQUIT) then reaches it
 * directly and is not passed on a second time.
 */
export class ChildProgram {
  readonly exited: Promise<ProgramExit>;
  private ended = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly ownGroup: boolean,
    exited: Promise<ProgramExit>,
  ) {
    this.exited = exited.then((exit) => {
      this.ended = true;
      return exit;
    });
  }

  /** Starts `command` with `env`; a program that cannot be started is exit 127 (not found) or 126, as in a shell. */
  static async start(
    command: string,
    args: readonly string[],
    env: Record<string, string>,
    streams: ProgramStreams,
  ): Promise<ChildProgram> {
    const terminal = (streams.stdin as { isTTY?: boolean }).isTTY === true;
    const child = spawn(command, [...args], { env, stdio: stdioFor(streams), detached: !terminal });
    // "close", not "exit": piped output is all passed on before the run counts as over.
    const exited = new Promise<ProgramExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) => {
        const notFound = error.code === 'ENOENT';
        reject(
          new CliError(
            `cannot run ${command}: ${notFound ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message}`,
            {
              // A shell's codes for a program it could not start, which scripts around `run` already know.
              exitCode: (notFound ? 127 : 126) as number as ExitCode,
              code: 'program_not_started',
            },
          ),
        );
      });
    });
    connectStreams(child, streams);
    return new ChildProgram(child, !terminal, exited);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Passes a signal the user sent `run` on to the program. */
  forward(name: NodeJS.Signals): void {
    if (!this.ownGroup && (name === 'SIGINT' || name === 'SIGQUIT')) return;
    this.signal(name);
  }

  /** Sends `name` to the program's process group (or to the program, when it shares ours). */
  signal(name: NodeJS.Signals): void {
    if (this.ended || this.child.pid === undefined) return;
    try {
      if (this.ownGroup) process.kill(-this.child.pid, name);
      else this.child.kill(name);
    } catch {
      // Gone between the check and the signal: its exit is on its way.
    }
  }

  /**
   * SIGTERM, then SIGKILL once `graceMs` has passed; resolves when it has exited, saying whether
   * it had already exited by itself before it was asked to.
   */
  async stop(graceMs: number, sleep: (ms: number, signal: AbortSignal) => Promise<void>): Promise<ProgramExit & { byItself: boolean }> {
    if (this.ended) return { ...(await this.exited), byItself: true };
    this.signal('SIGTERM');
    const gaveUp = new AbortController();
    const killed = sleep(graceMs, gaveUp.signal).then(
      () => this.signal('SIGKILL'),
      () => undefined,
    );
    const exit = await this.exited;
    gaveUp.abort();
    await killed;
    return { ...exit, byItself: false };
  }
}

/** The program uses our stdin, stdout and stderr directly when they are the process's; otherwise (tests) they are piped. */
function stdioFor(streams: ProgramStreams): StdioOptions {
  return [
    streams.stdin === process.stdin ? 'inherit' : 'ignore',
    streams.stdout === process.stdout ? 'inherit' : 'pipe',
    streams.stderr === process.stderr ? 'inherit' : 'pipe',
  ];
}

function connectStreams(child: ChildProcess, streams: ProgramStreams): void {
  child.stdout?.on('data', (chunk: Buffer) => streams.stdout.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => streams.stderr.write(chunk));
}
