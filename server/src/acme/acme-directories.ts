/** The ACME CAs the vendor documents, and their directory URLs per environment. */
export const ACME_PROVIDERS = ['letsencrypt', 'zerossl', 'buypass', 'google', 'custom'] as const;
export type AcmeProvider = (typeof ACME_PROVIDERS)[number];
export const ACME_ENVIRONMENTS = ['production', 'staging'] as const;
export type AcmeEnvironment = (typeof ACME_ENVIRONMENTS)[number];

const DIRECTORIES: Record<Exclude<AcmeProvider, 'custom'>, Partial<Record<AcmeEnvironment, string>>> = {
  letsencrypt: {
    production: 'https://acme-v02.api.letsencrypt.org/directory',
    staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
  },
  // ZeroSSL has no separate staging directory.
  zerossl: { production: 'https://acme.zerossl.com/v2/DV90' },
  buypass: { production: 'https://api.buypass.com/acme/directory', staging: 'https://api.test4.buypass.no/acme/directory' },
  google: { production: 'https://dv.acme-v02.api.pki.goog/directory', staging: 'https://dv.acme-v02.test-api.pki.goog/directory' },
};

/** The directory URL of a named CA's environment, or undefined when that CA has no such environment. */
export function directoryUrlFor(provider: Exclude<AcmeProvider, 'custom'>, environment: AcmeEnvironment): string | undefined {
  return DIRECTORIES[provider][environment];
}
