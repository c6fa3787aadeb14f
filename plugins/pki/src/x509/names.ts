// Names shared by both certificate describers (no ASN.1 schemas here, so the fast path stays light).
export const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'server_auth',
  '1.3.6.1.5.5.7.3.2': 'client_auth',
  '1.3.6.1.5.5.7.3.3': 'code_signing',
  '1.3.6.1.5.5.7.3.4': 'email_protection',
  '1.3.6.1.5.5.7.3.8': 'time_stamping',
  '1.3.6.1.5.5.7.3.9': 'ocsp_signing',
};
export const KEY_USAGE_NAMES = [
  'digital_signature',
  'non_repudiation',
  'key_encipherment',
  'data_encipherment',
  'key_agreement',
  'key_cert_sign',
  'crl_sign',
  'encipher_only',
  'decipher_only',
];

export type Described =
  | { kind: 'certificate'; [key: string]: unknown }
  | { kind: 'certificate_request'; [key: string]: unknown }
  | { kind: 'crl'; [key: string]: unknown };
