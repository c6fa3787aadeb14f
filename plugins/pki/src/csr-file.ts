// A CSR a user hands us is checked locally before it is sent: a wrong file (a key, a certificate,
// garbage) is exit 5 naming the file, and never reaches the server.
import { UsageError } from '@scaivault/core';

export async function checkCsrText(text: string, what: string): Promise<string> {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    throw new UsageError(`${what} holds a private key: give the CSR, the key never leaves this machine`);
  const { readCsr } = await import('./x509/make-csr.js');
  try {
    readCsr(text);
  } catch (error) {
    throw new UsageError(
      `${what} is not a CSR: ${(error as Error).message === 'it holds no PEM CERTIFICATE REQUEST' ? 'it holds no PEM CERTIFICATE REQUEST' : 'its CERTIFICATE REQUEST block cannot be read'}`,
    );
  }
  return text;
}
