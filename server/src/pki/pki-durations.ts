import { ApiError } from '../http/api-error.js';
import { parseTtl } from '../crypto/ca-engine/index.js';

/**
 * A PKI duration (`168h`, `30d`, `1h30m`): what the CA engine reads. Anything else is the API's
 * `400 invalid_duration`, as for every other duration, rather than the engine's 422.
 */
export function pkiDuration(text: unknown, field: string): { text: string; seconds: number } {
  try {
    return { text: text as string, seconds: parseTtl(text, field) };
  } catch {
    throw new ApiError(400, 'invalid_duration', `${field}: ${JSON.stringify(text)} is not a duration (e.g. 720h, 30d)`, {
      field,
      value: typeof text === 'string' ? text : String(text),
    });
  }
}
