// Certificate serial numbers: 16 random bytes (RFC 5280 allows up to 20), kept positive so DER
// needs no padding byte, and written as lowercase colon-separated hex like OpenSSL and Vault print them.
import { randomBytes } from 'node:crypto';

export function newSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never a leading zero byte
  return serial;
}

/** `3a:4f:...` from the serial's bytes (a DER sign byte, if any, dropped). */
export function formatSerialNumber(serial: Uint8Array): string {
  let bytes = Buffer.from(serial);
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

/** Accepts `3a:4f:..`, `3A4F..` or `3a-4f-..`; undefined when it is not hex. */
export function parseSerialNumber(text: string): Buffer | undefined {
  const hex = text.replace(/[:\-\s]/g, '').toLowerCase();
  if (hex.length === 0 || hex.length > 40 || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
}
