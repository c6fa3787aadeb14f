// Runtime checks of response bodies. Objects accept fields beyond the ones named (the server may
// add fields), optional fields may be absent or null, and a mismatch becomes a ResponseShapeError
// naming the field instead of an `undefined` surfacing far from the call.
import * as t from 'typanion';
import { ResponseShapeError } from './errors.js';

export type Shape<T> = t.StrictValidator<unknown, T>;
export type ShapeOf<S> = t.InferType<S>;

type ObjectFields = { [key: string]: t.AnyStrictValidator };

// Extra fields pass the check at runtime but stay out of the static type, so a typo in a field
// name is still a compile error.
const allowExtraFields = t.isUnknown();

// Every shape built here is a typanion validator (its type, and the message naming the field that
// does not fit) paired with a plain predicate that accepts exactly what the validator accepts
// without a state. Every response is checked with the predicate: typanion's own check of an object
// copies its state and makes a coercion closure per field, which made the check, and the garbage
// it leaves, a large share of a read's client time. A validator made elsewhere is called as it is.
type Fits = (value: unknown) => boolean;
const fitsOf = new WeakMap<object, Fits>();

function withFits<S extends object>(shape: S, fits: Fits): S {
  fitsOf.set(shape, fits);
  return shape;
}

/**
 * A shape whose typanion validator is built the first time it is called: responses are checked with
 * the predicate, so the validator is needed only to name what did not fit. Building every
 * namespace's validators when the SDK loads was most of its start.
 */
function lazyShape<S extends t.AnyStrictValidator>(build: () => S, fits: Fits): S {
  let built: S | undefined;
  const shape = (value: unknown, state?: t.ValidationState): boolean => (built ??= build())(value, state);
  return withFits(shape as S, fits);
}

/** The plain predicate of `shape`: its own when it was built here, else the validator itself. */
function fitsFor(shape: t.AnyStrictValidator): Fits {
  return fitsOf.get(shape) ?? ((value) => shape(value));
}

const hasOwn = Object.prototype.hasOwnProperty;
/** typanion refuses these as field names (prototype pollution); so does every predicate here. */
const unsafeKey = (key: string): boolean => key === '__proto__' || key === 'constructor';

function objectFits(fields: ObjectFields): Fits {
  // Listed on the first check, like the validator: most shapes of a run are never used.
  let checks: Array<readonly [string, Fits]> | undefined;
  return (value) => {
    if (typeof value !== 'object' || value === null) return false;
    checks ??= Object.entries(fields).map(([key, shape]) => [key, fitsFor(shape)] as const);
    for (const [key, fits] of checks) {
      if (!fits(hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined)) return false;
    }
    for (const key of Object.keys(value)) if (unsafeKey(key)) return false;
    return true;
  };
}

function recordFits(values: t.AnyStrictValidator): Fits {
  const fits = fitsFor(values);
  return (value) => {
    if (typeof value !== 'object' || value === null) return false;
    for (const key of Object.keys(value)) {
      if (unsafeKey(key) || !fits((value as Record<string, unknown>)[key])) return false;
    }
    return true;
  };
}

function arrayFits(item: t.AnyStrictValidator): Fits {
  const fits = fitsFor(item);
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (const element of value) if (!fits(element)) return false;
    return true;
  };
}

function optionalFits(shape: t.AnyStrictValidator, alsoNull: boolean): Fits {
  const fits = fitsFor(shape);
  return (value) => value === undefined || (alsoNull && value === null) || fits(value);
}

/** An object with the given fields; extra fields are allowed. */
export function object<T extends ObjectFields>(fields: T) {
  return lazyShape(() => t.isObject(fields, { extra: allowExtraFields }), objectFits(fields));
}

/**
 * An object with the given fields whose other fields are part of its type too (a secret's custom
 * metadata keys): checked like `object`, typed as the fields and a record of unknown values.
 */
export function openObject<T extends ObjectFields>(fields: T) {
  return lazyShape(() => t.isObject(fields, { extra: t.isRecord(t.isUnknown()) }), objectFits(fields));
}

/** A field that may be absent or null. */
export function optional<T extends t.AnyStrictValidator>(shape: T) {
  return lazyShape(() => t.isOptional(t.isNullable(shape)), optionalFits(shape, true));
}

export const string = withFits(t.isString(), (value) => typeof value === 'string');
export const number = withFits(t.isNumber(), (value) => typeof value === 'number');
export const boolean = withFits(t.isBoolean(), (value) => typeof value === 'boolean');
export const unknown = withFits(t.isUnknown(), () => true);
export const anyRecord: Shape<Record<string, unknown>> = withFits(t.isRecord(t.isUnknown()), recordFits(unknown));
export const stringArray = withFits(t.isArray(t.isString()), arrayFits(string));

export function array<T extends t.AnyStrictValidator>(item: T) {
  return lazyShape(() => t.isArray(item), arrayFits(item));
}

export function record<T extends t.AnyStrictValidator>(value: T) {
  return lazyShape(() => t.isRecord(value), recordFits(value));
}

export function oneOf<const T extends string>(values: readonly T[]): Shape<T> {
  const allowed = new Set<unknown>(values);
  return lazyShape(
    () => t.isEnum(values),
    (value) => allowed.has(value),
  );
}

/** One page of a cursor-paginated list, in the API's envelope. */
export type CursorPage<K extends string, T> = { [P in K]: T[] } & {
  /** Pass back as `cursor` for the next page; null on the last page. */
  cursor?: string | null | undefined;
  has_more?: boolean | undefined;
};

/**
 * A cursor-paginated list: `{"<items>": [...], "cursor", "has_more"}`. `cursor` and `has_more`
 * are optional so an unpaginated answer of the same list is accepted.
 */
export function cursorList<K extends string, T>(itemsKey: K, item: Shape<T>): Shape<CursorPage<K, T>> {
  const fields = {
    [itemsKey]: array(item),
    cursor: optional(string),
    has_more: lazyShape(() => t.isOptional(boolean), optionalFits(boolean, false)),
  };
  return object(fields) as unknown as Shape<CursorPage<K, T>>;
}

/** One page of a page-style list (identity): `{"<items>": [...], "total": n}`. */
export type NumberedPage<K extends string, T> = { [P in K]: T[] } & { total?: number | undefined };

export function numberedList<K extends string, T>(itemsKey: K, item: Shape<T>): Shape<NumberedPage<K, T>> {
  const fields = { [itemsKey]: array(item), total: lazyShape(() => t.isOptional(number), optionalFits(number, false)) };
  return object(fields) as unknown as Shape<NumberedPage<K, T>>;
}

/** A list with no pagination: `{"<items>": [...]}`. */
export function plainList<K extends string, T>(itemsKey: K, item: Shape<T>): Shape<{ [P in K]: T[] }> {
  return object({ [itemsKey]: array(item) }) as unknown as Shape<{ [P in K]: T[] }>;
}

/** Checks a decoded body; throws a ResponseShapeError naming the first offending field. */
export function checkShape<T>(
  shape: Shape<T>,
  body: unknown,
  where: { method: string; path: string; status: number; requestId: string | undefined },
): T {
  // The plain predicate first; typanion again, with a state, only to name what does not fit.
  if (fitsFor(shape)(body)) return body as T;
  const errors: string[] = [];
  shape(body, { errors });
  // typanion says ".version: Expected a number (got "3")"; the root is ".".
  const problem = (errors[0] ?? 'unexpected value').replace(/^\.: /, '').replace(/(^|: )Expected/, '$1expected');
  return shapeFailure(`unexpected response from ${where.method} ${where.path}: ${problem}`, where);
}

export function shapeFailure(message: string, where: { status: number; requestId: string | undefined }): never {
  throw new ResponseShapeError({ status: where.status, code: 'unexpected_response', message, requestId: where.requestId });
}
