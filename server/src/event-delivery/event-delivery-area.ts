import { defineArea } from '../modules/area-module.js';
import { Subscriptions } from './subscriptions.js';
import { Webhooks } from './webhooks.js';
import { WebhookSender } from './webhook-sender.js';
import { EventVisibility } from './event-visibility.js';
import { WebhookTargets } from './webhook-targets.js';
import { registerEventsRoutes } from './events-routes.js';
import { EVENT_DELIVERY_MIGRATIONS } from './event-delivery-migrations.js';

export interface EventDeliveryService {
  subscriptions: Subscriptions;
  webhooks: Webhooks;
  webhookSender: WebhookSender;
  webhookTargets: WebhookTargets;
}

declare module '../modules/area-module.js' {
  interface AreaServices {
    'event-delivery': EventDeliveryService;
  }
}

/** Subscriptions (long-poll and push) and webhooks: the event bus's sinks, filtered by what each receiver may see. */
export const eventDeliveryArea = defineArea({
  name: 'event-delivery',
  // policies, personal-tokens, service-accounts: a receiver sees only events its owner may still see.
  dependsOn: ['events', 'policies', 'personal-tokens', 'service-accounts'],
  migrations: EVENT_DELIVERY_MIGRATIONS,
  create: (
    { events, policies, 'personal-tokens': personalTokens, 'service-accounts': serviceAccounts },
    { store, sealer, clock, log, settings },
  ) => {
    const subscriptions = new Subscriptions(store, sealer, clock, events);
    const webhooks = new Webhooks(store, sealer, clock);
    events.addSink(subscriptions);
    events.addSink(webhooks);
    const visibility = new EventVisibility(policies.access, personalTokens, serviceAccounts);
    const webhookTargets = new WebhookTargets(settings.webhookTargets, settings.webhookResolver);
    const target = (id: string) => (id.startsWith('sub_') ? subscriptions.target(id) : webhooks.target(id));
    const webhookSender = new WebhookSender(
      store,
      events,
      clock,
      target,
      settings.webhookRetryDelaysMs,
      settings.webhookTimeoutMs,
      log,
      webhookTargets,
      visibility,
    );
    subscriptions.attachSender(webhookSender, visibility);
    webhooks.attachSender(webhookSender, visibility);
    return { subscriptions, webhooks, webhookSender, webhookTargets };
  },
  routes: registerEventsRoutes,
  start: ({ webhookSender }, { settings }) => webhookSender.start(settings.schedulerIntervalMs),
  stop: ({ subscriptions, webhookSender }) => {
    subscriptions.close();
    webhookSender.close();
  },
});
