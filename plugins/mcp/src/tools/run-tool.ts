// One tool call: the command runs in this process as `scaivault <path> ... --json` would, with the
// user's own configuration and credentials, and its output becomes the tool's result.
import { Readable, Writable } from 'node:stream';
import { UsageError, type Env, type NestedInvocation, type Prompt } from '@scaivault/core';
import { redact } from './redact.js';
import { commandLineFor, ToolArgumentError } from './tool-parameters.js';
import type { ToolSpec } from './tool-catalog.js';

export interface ToolResult {
  isError: boolean;
  content: Array<{ type: 'text'; text: string }>;
}

export interface ToolRunner {
  invoke(invocation: NestedInvocation): Promise<number>;
  env: Env;
  userAgent: string;
  allowReveal: boolean;
}

/** A prompt for a command no person watches: confirmations are declined, secrets are never asked for. */
const NO_PROMPT: Prompt = {
  interactive: false,
  confirm: async () => false,
  secret: async () => {
    throw new UsageError('a tool cannot be asked for a secret: pass the value as an argument or from a file');
  },
};

class Collected extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runTool(tool: ToolSpec, args: Readonly<Record<string, unknown>>, runner: ToolRunner): Promise<ToolResult> {
  let argv: string[];
  try {
    argv = commandLineFor(tool.parameters, args);
  } catch (error) {
    if (error instanceof ToolArgumentError) return failure({ error: { code: 'invalid_arguments', message: error.message } });
    throw error;
  }
  const stdout = new Collected();
  const stderr = new Collected();
  // Request traces would go to the tool's error text.
  const { SCAIVAULT_DEBUG: _trace, ...inherited } = runner.env;
  const env: Env = { ...inherited, NO_COLOR: '1' };
  const exitCode = await runner.invoke({
    argv: [...tool.path, ...(tool.json ? ['--json'] : []), ...argv],
    stdin: Readable.from([]),
    stdout,
    stderr,
    prompt: NO_PROMPT,
    userAgent: runner.userAgent,
    env,
  });
  if (exitCode !== 0) return failure({ ...errorOf(stderr.text), exit_code: exitCode });

  const hidden = !runner.allowReveal && (tool.reveals === undefined || tool.reveals.length > 0);
  const parsed = parseJson(stdout.text);
  if (parsed === undefined) {
    // Text the command printed as it is (a PEM, a script): all of it is a secret when the command reveals.
    const text = hidden
      ? 'This command printed secret values, which are withheld: start `scaivault mcp --allow-reveal` to see them.'
      : stdout.text;
    return { isError: false, content: [{ type: 'text', text }] };
  }
  const content: ToolResult['content'] = [
    { type: 'text', text: JSON.stringify(hidden ? redact(parsed.value, tool.reveals) : parsed.value, null, 2) },
  ];
  if (hidden) {
    content.push({ type: 'text', text: 'Secret values are shown as "[redacted]": start `scaivault mcp --allow-reveal` to see them.' });
  }
  return { isError: false, content };
}

function failure(body: object): ToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(body, null, 2) }] };
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return { value: {} };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The command's `{"error": ...}` line (stderr under --json), or its stderr as the message. */
function errorOf(stderr: string): object {
  for (const line of stderr.split('\n').reverse()) {
    const parsed = parseJson(line);
    if (parsed && line.trim() !== '' && typeof parsed.value === 'object' && parsed.value !== null && 'error' in parsed.value) {
      return parsed.value;
    }
  }
  return { error: { code: 'command_failed', message: stderr.trim().split('\n').slice(-3).join(' ') } };
}
