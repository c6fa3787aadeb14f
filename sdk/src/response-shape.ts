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

/** An object with the given fields; extra fields are allowed. */
export function object<T extends ObjectFields>(fields: T) {
  return t.isObject(fields, { extra: allowExtraFields });
}

/** A field that may be absent or null. */
export function optional<T extends t.AnyStrictValidator>(shape: T) {
  return t.isOptional(t.isNullable(shape));
}

export const string = t.isString();
export const number = t.isNumber();
export const boolean = t.isBoolean();
export const unknown = t.isUnknown();
export const anyRecord: Shape<Record<string, unknown>> = t.isRecord(t.isUnknown());
export const stringArray = t.isArray(t.isString());

export function array<T extends t.AnyStrictValidator>(item: T) {
  return t.isArray(item);
}

export function record<T extends t.AnyStrictValidator>(value: T) {
  return t.isRecord(value);
}

export function oneOf<const T extends string>(values: readonly T[]): Shape<T> {
  return t.isEnum(values);
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
  const fields = { [itemsKey]: t.isArray(item), cursor: optional(string), has_more: t.isOptional(boolean) };
  return t.isObject(fields, { extra: allowExtraFields }) as unknown as Shape<CursorPage<K, T>>;
}

/** One page of a page-style list (identity): `{"<items>": [...], "total": n}`. */
export type NumberedPage<K extends string, T> = { [P in K]: T[] } & { total?: number | undefined };

export function numberedList<K extends string, T>(itemsKey: K, item: Shape<T>): Shape<NumberedPage<K, T>> {
  const fields = { [itemsKey]: t.isArray(item), total: t.isOptional(number) };
  return t.isObject(fields, { extra: allowExtraFields }) as unknown as Shape<NumberedPage<K, T>>;
}

/** A list with no pagination: `{"<items>": [...]}`. */
export function plainList<K extends string, T>(itemsKey: K, item: Shape<T>): Shape<{ [P in K]: T[] }> {
  return t.isObject({ [itemsKey]: t.isArray(item) }, { extra: allowExtraFields }) as unknown as Shape<{ [P in K]: T[] }>;
}

/** Checks a decoded body; throws a ResponseShapeError naming the first offending field. */
export function checkShape<T>(
  shape: Shape<T>,
  body: unknown,
  where: { method: string; path: string; status: number; requestId: string | undefined },
): T {
  // Checked without a state first: typanion then builds no field paths, a quarter of the check's time.
  if (shape(body)) return body;
  const errors: string[] = [];
  shape(body, { errors });
  // typanion says ".version: Expected a number (got "3")"; the root is ".".
  const problem = (errors[0] ?? 'unexpected value').replace(/^\.: /, '').replace(/(^|: )Expected/, '$1expected');
  return shapeFailure(`unexpected response from ${where.method} ${where.path}: ${problem}`, where);
}

export function shapeFailure(message: string, where: { status: number; requestId: string | undefined }): never {
  throw new ResponseShapeError({ status: where.status, code: 'unexpected_response', message, requestId: where.requestId });
}
