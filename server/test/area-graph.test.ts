import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREAS } from '../src/app/areas.js';
import { AreaListError, orderAreas } from '../src/modules/compose-areas.js';
import { defineArea, type AreaModule } from '../src/modules/area-module.js';

// The TypeScript sources (type-only imports couple areas too, and the compiled files drop them).
const sources = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
/** Folders every part of the server may use; they import nothing above them. */
const FOUNDATION = new Set(['shared', 'http', 'crypto', 'storage', 'modules']);
/** Other programs the package ships beside the server (the development ScaiKey): not areas; they import only the foundation. */
const OTHER_PROGRAMS = new Set(['scaikey-dev']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder under src/ a file is in, or '' for the entry points at the top. */
const folderOf = (path: string) => (relative(sources, path).includes(sep) ? relative(sources, path).split(sep)[0]! : '');

function internalImports(): { from: string; to: string; line: string }[] {
  const found: { from: string; to: string; line: string }[] = [];
  for (const file of sourceFiles(sources)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\(\s*|declare module\s+)'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts'));
      found.push({ from: file, to: target, line: `${relative(sources, file)} → ${relative(sources, target)}` });
    }
  }
  return found;
}

test('every area folder holds one module in the area list, named after its folder', () => {
  const names = AREAS.map((area) => area.name).sort();
  const folders = readdirSync(sources).filter(
    (name) => statSync(join(sources, name)).isDirectory() && !FOUNDATION.has(name) && !OTHER_PROGRAMS.has(name) && name !== 'app',
  );
  assert.deepEqual(names, folders.sort());
});

test('the other programs beside the server import only the foundation and themselves, never an area', () => {
  const wrong = internalImports()
    .filter(({ from, to }) => OTHER_PROGRAMS.has(folderOf(from)) && folderOf(to) !== folderOf(from) && !FOUNDATION.has(folderOf(to)))
    .map(({ line }) => line);
  assert.deepEqual(wrong, []);
});

test('no import runs back up: the foundation imports only itself, an area only itself, the foundation and the areas it declares', () => {
  const declared = new Map(AREAS.map((area) => [area.name as string, new Set<string>(area.dependsOn)]));
  const wrong: string[] = [];
  for (const { from, to, line } of internalImports()) {
    const source = folderOf(from);
    const target = folderOf(to);
    if (source === '' || source === 'app' || source === target || FOUNDATION.has(target)) {
      if (FOUNDATION.has(source) && !FOUNDATION.has(target) && source !== target) wrong.push(line);
      continue;
    }
    if (FOUNDATION.has(source)) wrong.push(line);
    else if (!declared.get(source)?.has(target)) wrong.push(`${line} (the ${source} area does not declare ${target})`);
  }
  assert.deepEqual(wrong, []);
});

test("no area's SQL names another area's tables: each reads and writes only the tables its own migrations create", () => {
  const owner = new Map<string, string>();
  for (const area of AREAS)
    for (const migration of area.migrations)
      for (const match of migration.sql.matchAll(/CREATE TABLE (\w+)/g)) owner.set(match[1]!, area.name);
  const wrong: string[] = [];
  for (const file of sourceFiles(sources)) {
    const area = folderOf(file);
    if (!AREAS.some((module) => module.name === area) || file.endsWith('-migrations.ts')) continue;
    // SQL text, and the tables Kysely queries name (`selectFrom('secrets as s')`, `innerJoin(...)`, ...).
    for (const match of readFileSync(file, 'utf8').matchAll(
      /\b(?:FROM|INTO|UPDATE|JOIN)\s+(\w+)|\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'(\w+)/g,
    )) {
      const table = (match[1] ?? match[2])!;
      if (owner.has(table) && owner.get(table) !== area)
        wrong.push(`${relative(sources, file)}: ${table} (the ${owner.get(table)} area's)`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('areas write no SQL text outside their migrations: queries go through Kysely, engine differences through the store', () => {
  const wrong: string[] = [];
  for (const file of sourceFiles(sources)) {
    const area = folderOf(file);
    if (!AREAS.some((module) => module.name === area) || file.endsWith('-migrations.ts')) continue;
    // The dynamic-secrets engine's SQL goes to the database it manages, never to ScaiVault's storage.
    if (relative(sources, file) === join('dynamic', 'postgres-target.ts')) continue;
    const text = readFileSync(file, 'utf8');
    if (/\bsql\s*(<[^>]*>)?\s*`/.test(text) || /\b(SELECT|INSERT|UPDATE|DELETE)\s+[\w*]/.test(text)) wrong.push(relative(sources, file));
  }
  assert.deepEqual(wrong, []);
});

test('only the PostgreSQL store imports pg, and the server loads it only when that engine is chosen', () => {
  const importers: string[] = [];
  for (const file of sourceFiles(sources)) {
    const text = readFileSync(file, 'utf8');
    // Type-only imports vanish from the compiled code; the dynamic engine loads pg with import() when it connects.
    if (/^import(?!\s+type\b)[^;]*from\s+'pg'/m.test(text)) importers.push(relative(sources, file));
    if (/^import[^;]*'\.\/storage\/postgres-store\.js'/m.test(text) || /^import[^(;]*from\s+'[^']*postgres-store\.js'/m.test(text))
      importers.push(`${relative(sources, file)} (static import of the PostgreSQL store)`);
  }
  assert.deepEqual(importers, [join('storage', 'postgres-store.ts')]);
});

test('the area list orders itself by dependency, and refuses a duplicate, a missing dependency or a cycle', () => {
  const ordered = orderAreas(AREAS).map((area) => area.name);
  for (const area of AREAS)
    for (const dependency of area.dependsOn)
      assert.ok(ordered.indexOf(dependency) < ordered.indexOf(area.name), `${dependency} before ${area.name}`);

  const area = (name: string, dependsOn: string[]) =>
    defineArea({
      name: name as 'events',
      dependsOn: dependsOn as 'events'[],
      migrations: [],
      create: () => undefined as never,
    }) as AreaModule;
  assert.throws(
    () => orderAreas([area('events', []), area('events', [])]),
    (error: unknown) => error instanceof AreaListError && error.message === "the area 'events' is listed twice",
  );
  assert.throws(() => orderAreas([area('secrets', ['events'])]), {
    message: "the area 'secrets' depends on 'events', which is not in the area list",
  });
  assert.throws(() => orderAreas([area('secrets', ['policies']), area('policies', ['audit']), area('audit', ['secrets'])]), {
    message: 'the areas depend on each other in a cycle: secrets → policies → audit → secrets',
  });
});
