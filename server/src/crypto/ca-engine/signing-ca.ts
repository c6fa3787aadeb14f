// A CA the engine can sign with: its certificate, its private key (opened from its sealed form by
// the caller, only for the duration of a request) and the URLs its certificates point at.
import type { KeyObject } from 'node:crypto';
import { readCaCertificate, type CaCertificateInfo } from './ca-certificate-info.js';
import type { RevocationUrls } from './extensions.js';

export interface SigningCa {
  certificate: CaCertificateInfo;
  privateKey: KeyObject;
  /** When given, certificates signed by this CA carry CRL distribution point and AIA extensions. */
  urls?: RevocationUrls;
}

export function signingCa(certificateDer: Buffer, privateKey: KeyObject, urls?: RevocationUrls): SigningCa {
  return urls
    ? { certificate: readCaCertificate(certificateDer), privateKey, urls }
    : { certificate: readCaCertificate(certificateDer), privateKey };
}
