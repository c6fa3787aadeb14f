import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

async function withFeed(client: ScaiVaultClient): Promise<Record<string, string>> {
  const subscription = await client.subscriptions.create({
    name: 'Production feed',
    paths: ['environments/production/**'],
    events: ['secret.*'],
    delivery: { type: 'polling' },
  });
  return { id: subscription.id };
}

/** A polling subscription with three events queued: a secret created, then rotated (updated + rotated). */
async function withEvents(client: ScaiVaultClient): Promise<Record<string, string>> {
  const vars = await withFeed(client);
  await client.secrets.write('environments/production/db', { password: 'example-pw-1' });
  await client.secrets.rotate('environments/production/db', { random: true });
  await client.secrets.write('environments/staging/db', { password: 'not-watched' });
  return vars;
}

/** Every subscriptions command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'create-webhook',
    description: 'create --webhook with the signing secret read from stdin',
    argv: [
      'subscriptions',
      'create',
      '--name',
      'Slack rotation alerts',
      '--paths',
      'environments/production/**',
      '--events',
      'secret.rotated,rotation.due',
      '--webhook',
      'https://hooks.example/xxx',
      '--webhook-secret-file',
      '-',
    ],
    stdin: 'example-signing-secret-0123456789abcdef\n',
  },
  {
    name: 'create-polling-json',
    description: 'create without --webhook makes a polling subscription',
    argv: [
      'subscriptions',
      'create',
      '--name',
      'Deploy watch',
      '--paths',
      'app/**,environments/*/db',
      '--events',
      'secret.*',
      '--buffer-size',
      '500',
      '--json',
    ],
  },
  {
    name: 'create-name-too-long',
    description: 'a name the server rejects is exit 5',
    argv: ['subscriptions', 'create', '--name', 'n'.repeat(300), '--paths', 'app/**', '--events', 'secret.*'],
  },
  {
    name: 'list-table',
    description: 'list prints a table of subscriptions',
    setup: async (client) => {
      await withFeed(client);
      await client.subscriptions.create({
        name: 'Rotation alerts',
        paths: ['**'],
        events: ['secret.rotated'],
        delivery: { type: 'webhook', url: 'https://hooks.example/xxx', secret: 'example-signing-secret' },
      });
    },
    argv: ['subscriptions', 'list'],
  },
  {
    name: 'list-json',
    description: 'list --json prints {"subscriptions": [...]}',
    setup: withFeed,
    argv: ['subscriptions', 'list', '--json'],
  },
  { name: 'list-all', description: 'list --all follows the cursor', setup: withFeed, argv: ['subscriptions', 'list', '--all'] },
  {
    name: 'get-table',
    description: 'get shows the subscription and its queued events',
    setup: withEvents,
    argv: (v) => ['subscriptions', 'get', v.id!],
  },
  {
    name: 'get-field',
    description: 'get --field queued_events prints one raw value',
    setup: withEvents,
    argv: (v) => ['subscriptions', 'get', v.id!, '--field', 'queued_events'],
  },
  { name: 'get-not-found', description: 'an unknown subscription is exit 4', argv: ['subscriptions', 'get', 'sub_missing'] },
  {
    name: 'delete',
    description: 'delete --yes deletes the subscription',
    setup: withFeed,
    argv: (v) => ['subscriptions', 'delete', v.id!, '--yes'],
  },
  {
    name: 'delete-not-found',
    description: 'deleting an unknown subscription is exit 4',
    argv: ['subscriptions', 'delete', 'sub_missing', '--yes', '--json'],
  },
  {
    name: 'poll-table',
    description: 'poll prints the queued events as a table and acknowledges them',
    setup: withEvents,
    argv: (v) => ['subscriptions', 'poll', v.id!],
  },
  {
    name: 'poll-json',
    description: 'poll --json prints the documented envelope: {"events": [...], "has_more"}',
    setup: withEvents,
    argv: (v) => ['subscriptions', 'poll', v.id!, '--json'],
  },
  {
    name: 'poll-max-events-no-ack',
    description: 'poll --max-events 2 --no-ack looks at two events, says more are queued, acknowledges nothing',
    setup: withEvents,
    argv: (v) => ['subscriptions', 'poll', v.id!, '--max-events', '2', '--no-ack'],
  },
  {
    name: 'poll-since',
    description: 'poll --since starts after the given event',
    setup: async (client) => {
      const vars = await withEvents(client);
      const peek = await client.subscriptions.poll(vars.id!, { timeout: 0 });
      return { ...vars, first: peek.events[0]!.event_id };
    },
    argv: (v) => ['subscriptions', 'poll', v.id!, '--since', v.first!, '--json'],
  },
  {
    name: 'poll-empty',
    description: 'poll --timeout 0s with nothing queued says so',
    setup: withFeed,
    argv: (v) => ['subscriptions', 'poll', v.id!, '--timeout', '0s'],
  },
  {
    name: 'poll-not-found',
    description: 'polling an unknown subscription is exit 4',
    argv: ['subscriptions', 'poll', 'sub_missing', '--timeout', '0s'],
  },
  {
    name: 'poll-webhook-subscription',
    description: 'a webhook subscription cannot be polled: exit 5',
    setup: async (client) => {
      const subscription = await client.subscriptions.create({
        name: 'hook',
        paths: ['app/**'],
        events: ['secret.*'],
        delivery: { type: 'webhook', url: 'https://hooks.example/xxx', secret: 'example-signing-secret' },
      });
      return { id: subscription.id };
    },
    argv: (v) => ['subscriptions', 'poll', v.id!, '--timeout', '0s'],
  },
  {
    name: 'ack',
    description: 'ack acknowledges events so they are not delivered again',
    setup: async (client) => {
      const vars = await withEvents(client);
      const peek = await client.subscriptions.poll(vars.id!, { timeout: 0 });
      return { ...vars, first: peek.events[0]!.event_id, second: peek.events[1]!.event_id };
    },
    argv: (v) => ['subscriptions', 'ack', v.id!, v.first!, v.second!],
  },
  {
    name: 'ack-json',
    description: 'ack --json prints how many were acknowledged',
    setup: async (client) => {
      const vars = await withEvents(client);
      const peek = await client.subscriptions.poll(vars.id!, { timeout: 0 });
      return { ...vars, first: peek.events[0]!.event_id };
    },
    argv: (v) => ['subscriptions', 'ack', v.id!, v.first!, '--json'],
  },
  {
    name: 'ack-not-found',
    description: 'acknowledging on an unknown subscription is exit 4',
    argv: ['subscriptions', 'ack', 'sub_missing', 'evt_01HK7X9ZAAAAAAAAAAAAAAAAAA'],
  },
];
