import { ApiError } from '../http/api-error.js';

export const SECRET_TYPES = ['kv', 'json', 'certificate', 'ssh_key', 'api_key'] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

export function validateSecretType(value: unknown): SecretType {
  if (typeof value !== 'string' || !SECRET_TYPES.includes(value as SecretType)) {
    throw new ApiError(400, 'invalid_secret_type', `Unknown secret_type '${String(value)}'; use one of ${SECRET_TYPES.join(', ')}`, {
      secret_type: value,
      allowed: SECRET_TYPES,
    });
  }
  return value as SecretType;
}
