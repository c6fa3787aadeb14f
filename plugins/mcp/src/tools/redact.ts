// Secret values out of a tool's result: a model sees which fields there are, never what they hold,
// unless the user started the server with --allow-reveal.

export const REDACTED = '[redacted]';

/**
 * `value` with every leaf under the given paths replaced by `[redacted]` (dot paths, `*` for any key
 * or index: `data`, `data.password`, `keys.*.value`); `undefined` paths mean every leaf of `value`.
 * Keys stay, so the result still says what there is; `null` stays `null`.
 */
export function redact(value: unknown, paths: readonly string[] | undefined): unknown {
  if (paths === undefined) return redactAll(value);
  let result = value;
  for (const path of paths) result = redactPath(result, path.split('.'));
  return result;
}

function redactAll(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(redactAll);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactAll(item)]));
  return REDACTED;
}

function redactPath(value: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) return redactAll(value);
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(value)) {
    return value.map((item, index) => (head === '*' || head === String(index) ? redactPath(item, rest) : item));
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, head === '*' || head === key ? redactPath(item, rest) : item]),
  );
}
