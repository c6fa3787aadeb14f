import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { GENERATORS, parseGeneratorFields } from '../src/input/fields.js';

const fieldName = fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-'.split('')), minLength: 1, maxLength: 20 });
const config = fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }), { nil: undefined });
const field = fc.record({ name: fieldName, generator: fc.constantFrom(...GENERATORS), config }, { requiredKeys: ['name', 'generator'] });
const uniqueFields = fc.uniqueArray(field, { minLength: 1, maxLength: 6, selector: (f) => f.name });

test('any array of well-formed fields with distinct names is accepted as given', () => {
  fc.assert(
    fc.property(uniqueFields, (fields) => {
      const parsed = parseGeneratorFields(JSON.parse(JSON.stringify(fields)), '--fields');
      assert.deepEqual(parsed, JSON.parse(JSON.stringify(fields)));
    }),
  );
});

test('a repeated field name is refused, naming the second', () => {
  fc.assert(
    fc.property(uniqueFields, fc.nat(), (fields, pick) => {
      const copy = { ...fields[pick % fields.length]!, generator: 'hex' as const };
      assert.throws(
        () => parseGeneratorFields([...fields, copy], '--fields'),
        new RegExp(`fields\\[${fields.length}\\]\\.name .* is given twice`),
      );
    }),
  );
});

test('anything but a non-empty array is refused before a request', () => {
  fc.assert(
    fc.property(
      fc.jsonValue().filter((value) => !Array.isArray(value)),
      (value) => {
        assert.throws(() => parseGeneratorFields(value, 'stdin'), /stdin must hold a JSON array of fields/);
      },
    ),
  );
  assert.throws(() => parseGeneratorFields([], 'stdin'), /empty array/);
});

test('an unknown generator is refused and the known ones are listed', () => {
  fc.assert(
    fc.property(
      fc.string().filter((name) => !(GENERATORS as readonly string[]).includes(name)),
      (generator) => {
        assert.throws(
          () => parseGeneratorFields([{ name: 'p', generator }], '--fields'),
          /fields\[0\]\.generator .*use random, hex, uuid, template/,
        );
      },
    ),
  );
});
