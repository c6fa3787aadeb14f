import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUtf8 } from '../src/transport/utf8.js';

test('decodes UTF-8 exactly as TextDecoder does by default: replacement characters, a leading BOM dropped', () => {
  const decoder = new TextDecoder();
  const samples = [
    new Uint8Array([]),
    Buffer.from('{"value":"caf\u00e9 \u2192 \ud83d\udd11"}'),
    Buffer.from('\ufeff{"a":1}'),
    Buffer.from('x\ufeff'),
    new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98]),
    Buffer.from('ab').subarray(0, 0),
  ];
  for (const bytes of samples) assert.equal(decodeUtf8(bytes), decoder.decode(bytes), `bytes ${Buffer.from(bytes).toString('hex')}`);
  const inside = Buffer.from('--{"ok":true}--');
  assert.equal(decodeUtf8(inside.subarray(2, inside.length - 2)), '{"ok":true}', 'a view decodes only its own bytes');
});
