import { UsageError } from '@scaivault/core';
import type { GeneratorFieldInput, SecretPolicyType } from '@scaivault/core/sdk';

export const POLICY_TYPES: readonly SecretPolicyType[] = ['password', 'api_key', 'oauth_client', 'ssh_key', 'custom'];
export const GENERATORS: ReadonlyArray<GeneratorFieldInput['generator']> = [
  'random',
  'hex',
  'uuid',
  'template',
  'rsa_keypair',
  'ec_keypair',
  'ssh_keypair',
  'bcrypt_hash',
  'static',
];
const FIELD_KEYS = ['name', 'generator', 'config'];
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Checks a `fields` document (`[{"name", "generator", "config"?}]`) before anything is sent: its
 * shape, field names and generator names. Each generator's config values are the server's to judge
 * (it answers 422 naming the bad key). Every problem is exit 5 naming where it is (`fields[1].generator`).
 */
export function parseGeneratorFields(value: unknown, source: string): GeneratorFieldInput[] {
  if (!Array.isArray(value)) {
    throw new UsageError(
      `${source} must hold a JSON array of fields`,
      'e.g. [{"name":"password","generator":"random","config":{"length":32}}]',
    );
  }
  if (value.length === 0) throw new UsageError(`${source} is an empty array: a secret policy needs at least one field`);
  const names = new Set<string>();
  return value.map((candidate, index) => {
    const where = `fields[${index}]`;
    if (!isPlainObject(candidate)) throw problem(source, where, 'must be an object {"name", "generator", "config"?}');
    const unknown = Object.keys(candidate).find((key) => !FIELD_KEYS.includes(key));
    if (unknown !== undefined) throw problem(source, `${where}.${unknown}`, `is not a known field; use ${FIELD_KEYS.join(', ')}`);
    const { name, generator, config } = candidate;
    if (typeof name !== 'string' || !FIELD_NAME.test(name))
      throw problem(source, `${where}.name`, 'is required: 1-128 letters, digits, _ . -');
    if (names.has(name)) throw problem(source, `${where}.name`, `${JSON.stringify(name)} is given twice`);
    names.add(name);
    if (!GENERATORS.includes(generator as GeneratorFieldInput['generator'])) {
      throw problem(
        source,
        `${where}.generator`,
        `${generator === undefined ? 'is required' : `${JSON.stringify(generator)} is unknown`}; use ${GENERATORS.join(', ')}`,
      );
    }
    if (config !== undefined && config !== null && !isPlainObject(config)) throw problem(source, `${where}.config`, 'must be an object');
    return { name, generator: generator as GeneratorFieldInput['generator'], ...(isPlainObject(config) ? { config } : {}) };
  });
}

function problem(source: string, where: string, message: string): UsageError {
  return new UsageError(`${source}: ${where} ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
