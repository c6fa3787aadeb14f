// Responses are checked by a plain predicate built beside each typanion validator; it must accept
// exactly what the validator accepts, or a misfit would slip through (or a fit be refused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as t from 'typanion';
import { ResponseShapeError } from '../src/errors.js';
import * as s from '../src/response-shape.js';

const where = { method: 'GET', path: '/v1/x', status: 200, requestId: undefined };

function accepted(shape: s.Shape<unknown>, value: unknown): boolean {
  try {
    s.checkShape(shape, value, where);
    return true;
  } catch (error) {
    assert.ok(error instanceof ResponseShapeError, String(error));
    return false;
  }
}

const item = s.object({ name: s.string, size: s.optional(s.number), on: s.optional(s.boolean), kind: s.optional(s.oneOf(['a', 'b'])) });
const shapes: Record<string, s.Shape<unknown>> = {
  item,
  secret: s.object({ path: s.string, version: s.number, data: s.anyRecord, tags: s.optional(s.stringArray) }),
  nested: s.object({ inner: s.object({ list: s.array(item) }), map: s.optional(s.record(s.number)) }),
  cursorList: s.cursorList('items', item),
  numberedList: s.numberedList('items', item),
  plainList: s.plainList('items', item),
  open: s.openObject({ name: s.string, tags: s.optional(s.stringArray) }),
  // A validator made with typanion itself, inside one made here: called as it is.
  mixed: s.object({ meta: t.isObject({ a: t.isString() }, { extra: t.isUnknown() }), x: s.unknown }),
};

/** Values near each shape's fields (and far from them): most random JSON fits nothing. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('a', 'b', 'c'),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('k', 'l', '__proto__', 'constructor'), fc.oneof(fc.integer(), fc.string()), { maxKeys: 2 }),
);
const keys = fc.constantFrom(
  'name',
  'size',
  'on',
  'kind',
  'path',
  'version',
  'data',
  'tags',
  'inner',
  'list',
  'map',
  'items',
  'cursor',
  'has_more',
  'total',
  'meta',
  'a',
  'x',
  'extra',
  '__proto__',
  'constructor',
);
const candidate: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fieldValue, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
})).value;

for (const [name, shape] of Object.entries(shapes)) {
  test(`the ${name} predicate accepts exactly what its typanion validator accepts`, () => {
    fc.assert(
      fc.property(fc.oneof(candidate, fc.jsonValue()), (value) => {
        // A JSON body may carry "__proto__" as an own key: JSON.parse makes one.
        const parsed = value === undefined ? value : (JSON.parse(JSON.stringify(value) ?? 'null') as unknown);
        for (const body of [value, parsed]) assert.equal(accepted(shape, body), shape(body), JSON.stringify(body));
      }),
      { numRuns: 2000 },
    );
  });
}

test('fitting values of each shape pass, and a misfit names its field', () => {
  assert.equal(accepted(shapes.item!, { name: 'n', size: null, on: true, kind: 'a', more: 1 }), true);
  assert.equal(accepted(shapes.secret!, { path: 'p', version: 1, data: { k: 'v' } }), true);
  assert.equal(accepted(shapes.cursorList!, { items: [{ name: 'n' }], cursor: null, has_more: false }), true);
  assert.equal(accepted(s.object({ a: s.string }), JSON.parse('{"a":"x","__proto__":{}}')), false, 'an unsafe key is refused');
  assert.throws(
    () => s.checkShape(shapes.cursorList!, { items: [{ name: 'n' }, { name: 3 }] }, where),
    (error: unknown) => error instanceof ResponseShapeError && /\.items\[1\]\.name: expected a string/.test(error.message),
  );
});
