import { invalidRequest, validationError } from './api-error.js';

/**
 * Reads typed fields out of a parsed JSON body and collects every problem, so one
 * `422 validation_error` names all the failing fields in `details.fields` at once.
 * A JSON `null` counts as an absent field everywhere: optional fields keep their default,
 * required ones fail validation (so a handler never sees a `null` it did not ask for).
 */
export class BodyReader {
  private readonly body: Record<string, unknown>;
  private readonly problems: Record<string, string> = {};

  constructor(body: unknown, { allowEmpty = false } = {}) {
    if (body === undefined || body === null) {
      if (!allowEmpty) throw invalidRequest('Request body must be a JSON object');
      this.body = {};
    } else if (typeof body !== 'object' || Array.isArray(body)) {
      throw invalidRequest('Request body must be a JSON object');
    } else {
      this.body = body as Record<string, unknown>;
    }
  }

  /** Whether the field carries a value (`null` does not). */
  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  /** The whole object this reader reads. */
  rawObject(): Record<string, unknown> {
    return this.body;
  }

  fail(name: string, problem: string): void {
    this.problems[name] ??= problem;
  }

  requiredString(name: string, { max = 1024 } = {}): string {
    const value = this.body[name];
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(name, 'required non-empty string');
      return '';
    }
    if (value.length > max) this.fail(name, `at most ${max} characters`);
    return value;
  }

  optionalString(name: string, { max = 4096 } = {}): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.fail(name, 'must be a string');
      return undefined;
    }
    if (value.length > max) this.fail(name, `at most ${max} characters`);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(name, 'must be true or false');
      return undefined;
    }
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(name, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  optionalStringArray(name: string): string[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      this.fail(name, 'must be an array of strings');
      return undefined;
    }
    return value as string[];
  }

  requiredStringArray(name: string): string[] {
    const value = this.optionalStringArray(name);
    if (value === undefined) {
      this.fail(name, 'required array of strings');
      return [];
    }
    return value;
  }

  optionalObject(name: string): Record<string, unknown> | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(name, 'must be a JSON object');
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  /** An optional object field checked by its own reader; its problems are reported as `name.field`. */
  optionalNested<T>(name: string, read: (fields: BodyReader) => T): T | undefined {
    const value = this.optionalObject(name);
    if (value === undefined) return undefined;
    const nested = new BodyReader(value);
    const result = read(nested);
    for (const [field, problem] of Object.entries(nested.problems)) this.fail(`${name}.${field}`, problem);
    return result;
  }

  optionalEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(name, `must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /** Throws the collected problems, if any. Call once every field has been read. */
  finish(): void {
    if (Object.keys(this.problems).length > 0) throw validationError(this.problems);
  }
}
