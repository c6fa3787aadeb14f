import type { AreaModule } from '../modules/area-module.js';
import { eventsArea } from '../events/events-area.js';
import { personalTokensArea } from '../personal-tokens/personal-tokens-area.js';
import { policiesArea } from '../policies/policies-area.js';
import { serviceAccountsArea } from '../service-accounts/service-accounts-area.js';
import { secretPoliciesArea } from '../secret-policies/secret-policies-area.js';
import { secretsArea } from '../secrets/secrets-area.js';
import { eventDeliveryArea } from '../event-delivery/event-delivery-area.js';
import { rotationArea } from '../rotation/rotation-area.js';
import { authArea } from '../auth/auth-area.js';
import { auditArea } from '../audit/audit-area.js';
import { systemArea } from '../system/system-area.js';
import { pkiArea } from '../pki/pki-area.js';
import { dynamicArea } from '../dynamic/dynamic-area.js';
import { dnsProvidersArea } from '../dns-providers/dns-providers-area.js';
import { acmeArea } from '../acme/acme-area.js';
import { federationArea } from '../federation/federation-area.js';
import { identityArea } from '../identity/identity-area.js';

/**
 * Every area of the server. Adding an area is a folder with its module plus one line here; the
 * order here does not matter (areas are created after what they depend on), but it is the order
 * of their migrations and routes among areas that do not depend on each other.
 */
export const AREAS: readonly AreaModule[] = [
  eventsArea,
  personalTokensArea,
  policiesArea,
  serviceAccountsArea,
  secretPoliciesArea,
  secretsArea,
  eventDeliveryArea,
  rotationArea,
  authArea,
  auditArea,
  systemArea,
  pkiArea,
  dynamicArea,
  dnsProvidersArea,
  acmeArea,
  federationArea,
  identityArea,
];
