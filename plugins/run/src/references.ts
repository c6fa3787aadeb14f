import { UsageError } from '@scaivault/core';

/** A field of a stored secret, read when the program starts (and again after a change, with `--watch`). */
export interface SecretReference {
  kind: 'secret';
  path: string;
  field: string;
}

/** A field of a dynamic credential, from one lease per engine and role for the program's lifetime. */
export interface DynamicReference {
  kind: 'dynamic';
  engine: string;
  role: string;
  field: string;
}

export type Reference = SecretReference | DynamicReference;

/** One environment variable of the program and where its value comes from. */
export interface EnvBinding {
  name: string;
  reference: Reference;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function requireEnvName(name: string, where: string): string {
  if (!ENV_NAME.test(name))
    throw new UsageError(
      `${where}: ${JSON.stringify(name)} is not an environment variable name (letters, digits and _, not starting with a digit)`,
    );
  return name;
}

/**
 * `path#field` or `dynamic:<engine>/<role>#field`. `where` names the flag or file line in errors.
 * The field is required: a secret holds several values and the variable gets one.
 */
export function parseReference(text: string, where: string): Reference {
  const hash = text.lastIndexOf('#');
  if (hash < 0 || hash === text.length - 1)
    throw new UsageError(`${where}: ${JSON.stringify(text)} names no field`, 'write path#field, e.g. app/db#password');
  const target = text.slice(0, hash);
  const field = text.slice(hash + 1);
  if (target.startsWith('dynamic:')) {
    const parts = target.slice('dynamic:'.length).split('/');
    if (parts.length !== 2 || !parts.every((part) => NAME_PART.test(part)))
      throw new UsageError(
        `${where}: ${JSON.stringify(target)} is not dynamic:<engine>/<role>`,
        'e.g. dynamic:postgres-prod/readonly#connection_url',
      );
    return { kind: 'dynamic', engine: parts[0]!, role: parts[1]!, field };
  }
  return { kind: 'secret', path: requireReferencedPath(target, where), field };
}

/** A secret path as the API takes it: no leading or trailing slash, no empty or dot segments. */
export function requireReferencedPath(path: string, where: string): string {
  const segments = path.split('/');
  if (path === '' || segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    throw new UsageError(`${where}: ${JSON.stringify(path)} is not a secret path`, 'e.g. app/db');
  return path;
}

/** `--env NAME=reference`. */
export function parseEnvFlag(text: string): EnvBinding {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--env ${JSON.stringify(text)}: expected NAME=path#field`, 'e.g. --env DB_PASSWORD=app/db#password');
  const where = `--env ${text.slice(0, at)}`;
  return { name: requireEnvName(text.slice(0, at), '--env'), reference: parseReference(text.slice(at + 1), where) };
}

/** The variable a field of a `--from` secret becomes: upper-cased, anything but letters and digits as `_`. */
export function variableNameFor(field: string, prefix: string): string {
  const name = `${prefix}${field.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
