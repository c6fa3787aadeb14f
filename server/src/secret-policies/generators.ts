import { generateKeyPair, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { CHARACTER_CLASSES, CHARSETS } from './charsets.js';
import { sshKeyPair } from './openssh-keys.js';

const generatePair = promisify(generateKeyPair);

export interface FieldRecipe {
  name: string;
  generator: string;
  config: Record<string, unknown>;
}

type Problems = Record<string, string>;

interface Generator {
  description: string;
  config: Record<string, string>;
  validate(config: Record<string, unknown>, where: string, problems: Problems): void;
  /** Values to add to the secret's data for a field called `name`. */
  generate(name: string, config: Record<string, unknown>, now: number): Promise<Record<string, string>>;
}

function integer(
  config: Record<string, unknown>,
  key: string,
  fallback: number,
  min: number,
  max: number,
  where: string,
  problems: Problems,
): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    problems[`${where}.config.${key}`] = `must be an integer from ${min} to ${max}`;
  return value as number;
}

function oneOf(
  config: Record<string, unknown>,
  key: string,
  fallback: string | number,
  allowed: readonly (string | number)[],
  where: string,
  problems: Problems,
): void {
  const value = config[key] ?? fallback;
  if (!allowed.includes(value as string | number)) problems[`${where}.config.${key}`] = `must be one of ${allowed.join(', ')}`;
}

/** Uniform random string from `alphabet` using the CSPRNG (rejection-free via crypto.randomInt). */
function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function requiredClasses(config: Record<string, unknown>): string[] {
  return (Object.keys(CHARACTER_CLASSES) as (keyof typeof CHARACTER_CLASSES)[])
    .filter((flag) => config[flag] === true)
    .map((flag) => CHARACTER_CLASSES[flag]);
}

/** A random string that holds at least one character of each required class, positions shuffled. */
function randomPassword(config: Record<string, unknown>): string {
  const alphabet = CHARSETS[(config.charset as string | undefined) ?? 'alphanumeric']!;
  const length = (config.length as number | undefined) ?? 32;
  const chars = requiredClasses(config).map((cls) => randomString([...alphabet].filter((c) => cls.includes(c)).join(''), 1));
  while (chars.length < length) chars.push(randomString(alphabet, 1));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

function uuidV7(now: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where a pair's public half goes: beside the field, as `<name>_public`. */
function publicName(name: string): string {
  return `${name}_public`;
}

const PLACEHOLDER = /\{\{\s*(random|hex|uuid|timestamp)(?::(\d+))?\s*\}\}/g;

export const GENERATORS: Record<string, Generator> = {
  random: {
    description: 'Random string drawn from a named charset',
    config: {
      length: 'integer 1-4096, default 32',
      charset: `one of ${Object.keys(CHARSETS).join(', ')}; default alphanumeric`,
      require_upper: 'boolean',
      require_lower: 'boolean',
      require_digit: 'boolean',
      require_symbol: 'boolean',
    },
    validate(config, where, problems) {
      const length = integer(config, 'length', 32, 1, 4096, where, problems);
      const charset = config.charset ?? 'alphanumeric';
      if (typeof charset !== 'string' || !(charset in CHARSETS)) {
        problems[`${where}.config.charset`] = `must be one of ${Object.keys(CHARSETS).join(', ')}`;
        return;
      }
      for (const flag of Object.keys(CHARACTER_CLASSES) as (keyof typeof CHARACTER_CLASSES)[]) {
        const value = config[flag];
        if (value !== undefined && typeof value !== 'boolean') problems[`${where}.config.${flag}`] = 'must be true or false';
        if (value === true && ![...CHARSETS[charset]!].some((c) => CHARACTER_CLASSES[flag].includes(c)))
          problems[`${where}.config.${flag}`] = `charset '${charset}' has no such characters`;
      }
      if (requiredClasses(config).length > length) problems[`${where}.config.length`] = 'too short for the required character classes';
    },
    async generate(name, config) {
      return { [name]: randomPassword(config) };
    },
  },
  hex: {
    description: 'Lowercase hexadecimal characters',
    config: { length: 'integer 1-4096, default 32' },
    validate(config, where, problems) {
      integer(config, 'length', 32, 1, 4096, where, problems);
    },
    async generate(name, config) {
      const length = (config.length as number | undefined) ?? 32;
      return {
        [name]: randomBytes(Math.ceil(length / 2))
          .toString('hex')
          .slice(0, length),
      };
    },
  },
  uuid: {
    description: 'UUID version 4 (random) or 7 (time-ordered)',
    config: { version: '4 or 7, default 4' },
    validate(config, where, problems) {
      oneOf(config, 'version', 4, [4, 7], where, problems);
    },
    async generate(name, config, now) {
      return { [name]: config.version === 7 ? uuidV7(now) : randomUUID() };
    },
  },
  template: {
    description: 'Text with {{random:N}}, {{hex:N}}, {{uuid}} and {{timestamp}} placeholders filled in',
    config: { template: 'string, e.g. "sk_live_{{random:24}}"' },
    validate(config, where, problems) {
      if (typeof config.template !== 'string' || config.template === '') problems[`${where}.config.template`] = 'required string';
      else
        for (const match of config.template.matchAll(PLACEHOLDER))
          if (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 4096))
            problems[`${where}.config.template`] = 'placeholder lengths must be 1-4096';
    },
    async generate(name, config, now) {
      const text = (config.template as string).replace(PLACEHOLDER, (_all, kind: string, size: string | undefined) => {
        const length = size === undefined ? 32 : Number(size);
        if (kind === 'random') return randomString(CHARSETS.alphanumeric!, length);
        if (kind === 'hex')
          return randomBytes(Math.ceil(length / 2))
            .toString('hex')
            .slice(0, length);
        if (kind === 'uuid') return randomUUID();
        return new Date(now).toISOString();
      });
      return { [name]: text };
    },
  },
  rsa_keypair: {
    description: 'RSA key pair: PKCS#8 private key PEM in the field, SPKI public key PEM beside it',
    config: { bits: '2048 or 4096, default 2048' },
    validate(config, where, problems) {
      oneOf(config, 'bits', 2048, [2048, 4096], where, problems);
    },
    async generate(name, config) {
      const pair = await generatePair('rsa', {
        modulusLength: (config.bits as number | undefined) ?? 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      return { [name]: pair.privateKey, [publicName(name)]: pair.publicKey };
    },
  },
  ec_keypair: {
    description: 'EC key pair (P-256 or P-384): PKCS#8 private key PEM in the field, SPKI public key PEM beside it',
    config: { curve: 'P-256 or P-384, default P-256' },
    validate(config, where, problems) {
      oneOf(config, 'curve', 'P-256', ['P-256', 'P-384'], where, problems);
    },
    async generate(name, config) {
      const namedCurve = config.curve === 'P-384' ? 'secp384r1' : 'prime256v1';
      const pair = await generatePair('ec', {
        namedCurve,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      return { [name]: pair.privateKey, [publicName(name)]: pair.publicKey };
    },
  },
  ssh_keypair: {
    description: 'OpenSSH key pair: private key in OpenSSH format in the field, authorized_keys line beside it',
    config: { key_type: 'ed25519 or rsa, default ed25519', comment: 'string' },
    validate(config, where, problems) {
      oneOf(config, 'key_type', 'ed25519', ['ed25519', 'rsa'], where, problems);
      if (config.comment !== undefined && (typeof config.comment !== 'string' || /[\r\n]/.test(config.comment)))
        problems[`${where}.config.comment`] = 'must be a single-line string';
    },
    async generate(name, config) {
      const pair = await sshKeyPair(config.key_type === 'rsa' ? 'rsa' : 'ed25519', (config.comment as string | undefined) ?? '');
      return { [name]: pair.privateKey, [publicName(name)]: pair.publicKey };
    },
  },
  bcrypt_hash: {
    description: 'Random alphanumeric password in the field and its bcrypt hash in <name>_hash',
    config: { length: 'integer 8-72, default 24', rounds: 'integer 4-14, default 10' },
    validate(config, where, problems) {
      integer(config, 'length', 24, 8, 72, where, problems);
      integer(config, 'rounds', 10, 4, 14, where, problems);
    },
    async generate(name, config) {
      const password = randomString(CHARSETS.alphanumeric!, (config.length as number | undefined) ?? 24);
      const hash = await bcrypt.hash(password, (config.rounds as number | undefined) ?? 10);
      return { [name]: password, [`${name}_hash`]: hash };
    },
  },
  static: {
    description: 'A literal value, e.g. a username kept beside generated fields',
    config: { value: 'string' },
    validate(config, where, problems) {
      if (typeof config.value !== 'string') problems[`${where}.config.value`] = 'required string';
    },
    async generate(name, config) {
      return { [name]: config.value as string };
    },
  },
};

/** Checks a `fields` array; returns the problems keyed like `fields[0].config.length`. */
export function validateRecipes(value: unknown): { recipes: FieldRecipe[]; problems: Problems } {
  const problems: Problems = {};
  if (!Array.isArray(value) || value.length === 0)
    return { recipes: [], problems: { fields: 'required non-empty array of {name, generator, config}' } };
  const names = new Set<string>();
  const recipes = value.map((candidate, index): FieldRecipe => {
    const where = `fields[${index}]`;
    const field = (typeof candidate === 'object' && candidate !== null ? candidate : {}) as Record<string, unknown>;
    if (typeof field.name !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(field.name))
      problems[`${where}.name`] = 'required: letters, digits, _ . -';
    else if (names.has(field.name)) problems[`${where}.name`] = 'duplicate field name';
    else names.add(field.name);
    const config = field.config ?? {};
    if (typeof config !== 'object' || config === null || Array.isArray(config)) problems[`${where}.config`] = 'must be an object';
    const generator = GENERATORS[field.generator as string];
    if (!generator) problems[`${where}.generator`] = `must be one of ${Object.keys(GENERATORS).join(', ')}`;
    else if (typeof config === 'object' && config !== null && !Array.isArray(config))
      generator.validate(config as Record<string, unknown>, where, problems);
    return { name: field.name as string, generator: field.generator as string, config: config as Record<string, unknown> };
  });
  return { recipes, problems };
}

/** Runs every recipe; the generated values are the new secret's `data`. */
export async function runRecipes(recipes: FieldRecipe[], now: number): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const recipe of recipes) Object.assign(data, await GENERATORS[recipe.generator]!.generate(recipe.name, recipe.config, now));
  return data;
}

/** Rotation without a recipe: every top-level field gets 32 fresh alphanumeric characters. */
export function regenerateFields(current: Record<string, unknown>): Record<string, string> {
  const keys = Object.keys(current);
  return Object.fromEntries((keys.length > 0 ? keys : ['value']).map((key) => [key, randomString(CHARSETS.alphanumeric!, 32)]));
}
