import type { Store } from './storage/store.js';
import { SealedBox } from './crypto/sealed-box.js';
import type { Clock } from './shared/time.js';
import { AuditLog } from './audit/audit-log.js';
import { EventBus } from './events/event-bus.js';
import { Subscriptions } from './events/subscriptions.js';
import { Webhooks } from './events/webhooks.js';
import { WebhookSender } from './events/webhook-sender.js';
import { EventVisibility } from './events/event-visibility.js';
import { WebhookTargets, type HostResolver, type WebhookTargetPolicy } from './events/webhook-targets.js';
import { SecretsService } from './secrets/secrets-service.js';
import { AccessPolicies } from './policies/access-policies.js';
import { AccessEvaluator } from './policies/access-evaluator.js';
import { AccessControl } from './policies/access-control.js';
import { SecretPolicies } from './secret-policies/secret-policies.js';
import { RotationPolicies } from './rotation/rotation-policies.js';
import { Rotator } from './rotation/rotator.js';
import { RotationScheduler } from './rotation/rotation-scheduler.js';
import { ServiceAccounts } from './service-accounts/service-accounts.js';
import { PersonalTokens } from './auth/personal-tokens.js';
import { Authenticator } from './auth/authenticator.js';
import { RateLimiter } from './http/rate-limiter.js';

export interface ServiceSettings {
  rootToken: string;
  masterKey: Buffer;
  masterKeyId: string;
  clock: Clock;
  log: (line: string) => void;
  webhookRetryDelaysMs: readonly number[];
  webhookTimeoutMs: number;
  webhookTargets: WebhookTargetPolicy;
  webhookResolver: HostResolver | undefined;
  enforceRateLimits: boolean;
  dataDir: string | undefined;
}

/** Every area module, wired once per server. Route files take what they need from here. */
export interface Services {
  clock: Clock;
  store: Store;
  sealer: SealedBox;
  audit: AuditLog;
  events: EventBus;
  subscriptions: Subscriptions;
  webhooks: Webhooks;
  webhookSender: WebhookSender;
  webhookTargets: WebhookTargets;
  secrets: SecretsService;
  accessPolicies: AccessPolicies;
  evaluator: AccessEvaluator;
  access: AccessControl;
  secretPolicies: SecretPolicies;
  rotationPolicies: RotationPolicies;
  rotator: Rotator;
  scheduler: RotationScheduler;
  serviceAccounts: ServiceAccounts;
  personalTokens: PersonalTokens;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  settings: ServiceSettings;
  startedAt: number;
}

export function createServices(store: Store, settings: ServiceSettings): Services {
  const { clock, log } = settings;
  const sealer = new SealedBox(settings.masterKey, settings.masterKeyId);
  const events = new EventBus(store, clock);
  const subscriptions = new Subscriptions(store, sealer, clock);
  const webhooks = new Webhooks(store, sealer, clock);
  events.addSink(subscriptions);
  events.addSink(webhooks);
  const secrets = new SecretsService(store, sealer, events, clock);
  const accessPolicies = new AccessPolicies(store, clock, events);
  const evaluator = new AccessEvaluator(accessPolicies, clock);
  const access = new AccessControl(evaluator, events, clock);
  const secretPolicies = new SecretPolicies(store, clock);
  const rotationPolicies = new RotationPolicies(store, clock);
  const rotator = new Rotator(store, clock, secrets, secretPolicies, rotationPolicies, events);
  const personalTokens = new PersonalTokens(store, clock);
  const serviceAccounts = new ServiceAccounts(store, clock);
  const visibility = new EventVisibility(access, personalTokens, serviceAccounts);
  const webhookTargets = new WebhookTargets(settings.webhookTargets, settings.webhookResolver);
  const webhookSender = new WebhookSender(store, events, clock, (id) => (id.startsWith('sub_') ? subscriptions.target(id) : webhooks.target(id)), settings.webhookRetryDelaysMs, settings.webhookTimeoutMs, log, webhookTargets, visibility);
  subscriptions.attachSender(webhookSender, visibility);
  webhooks.attachSender(webhookSender, visibility);
  return {
    clock,
    store,
    sealer,
    audit: new AuditLog(store, clock),
    events,
    subscriptions,
    webhooks,
    webhookSender,
    webhookTargets,
    secrets,
    accessPolicies,
    evaluator,
    access,
    secretPolicies,
    rotationPolicies,
    rotator,
    scheduler: new RotationScheduler(store, clock, rotationPolicies, rotator, secrets, events, log),
    serviceAccounts,
    personalTokens,
    authenticator: new Authenticator(settings.rootToken, personalTokens, serviceAccounts, clock),
    rateLimiter: new RateLimiter(),
    settings,
    startedAt: clock(),
  };
}
