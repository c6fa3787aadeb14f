import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { InterruptedError } from '../src/errors/cli-error.js';
import { describeError } from '../src/errors/describe-error.js';
import { TerminalPrompt } from '../src/services/prompt.js';
import { CapturedStream } from '../src/testing/capture.js';

/** A terminal: stdin in raw mode delivers Ctrl-C as the byte 0x03, not as a signal. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const stderr = new CapturedStream();
  stderr.isTTY = true;
  return { stdin, stderr, prompt: new TerminalPrompt(stdin, stderr) };
}

for (const ask of ['confirm', 'secret'] as const) {
  test(`Ctrl-C at a ${ask} prompt rejects with InterruptedError, exit 130`, async () => {
    const { stdin, prompt } = terminal();
    const answer = prompt[ask]('Go on?');
    setImmediate(() => stdin.write('\u0003'));
    await assert.rejects(answer, (error: unknown) => error instanceof InterruptedError && describeError(error).exitCode === 130);
  });
}

test('an answer still resolves the question', async () => {
  const { stdin, prompt } = terminal();
  const answer = prompt.confirm('Go on?');
  setImmediate(() => stdin.write('y\r'));
  assert.equal(await answer, true);
});
