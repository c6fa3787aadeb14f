import { randomBytes } from 'node:crypto';
import { ScaiVaultCommand, Tokens, UsageError, parseInteger, readFileOrStdin } from '@scaivault/core';
import { Option } from '@scaivault/core/clipanion';
import type { SubscriptionDelivery } from '@scaivault/core/sdk';
import { subscriptionPairs } from '../event-view.js';
import { parseEventTypes, parsePathGlobs, parseWebhookUrl } from '../input/subscription-input.js';

export class SubscriptionsCreateCommand extends ScaiVaultCommand {
  static override paths = [['subscriptions', 'create']];
  static override effect = 'write' as const;
  static override reveals = ['signing_secret'];

  static override usage = ScaiVaultCommand.Usage({
    category: 'Subscriptions',
    description: 'Subscribe to events on secret paths, delivered to a webhook or by long-poll',
    details: `
      \`--paths\` and \`--events\` take comma-separated lists: path globs (\`*\` within a segment, \`**\` across segments)
      and event types (\`secret.rotated\`, a family such as \`secret.*\`, or \`*\`).

      With \`--webhook URL\` each event is POSTed to URL, signed with HMAC-SHA256 (\`X-ScaiVault-Signature\`). The signing
      secret comes from \`--webhook-secret-file FILE\` (\`-\` for stdin); without it a random one is generated and printed
      once. Without \`--webhook\` the subscription is polled: \`scaivault subscriptions poll <id> --follow\`.
    `,
    examples: [
      [
        'Rotation alerts to a webhook',
        'scaivault subscriptions create --name "Slack rotation alerts" --paths "environments/production/**" --events secret.rotated,rotation.due --webhook https://hooks.example/xxx',
      ],
      [
        'Bring your own signing secret',
        'printf %s "$SIGNING_SECRET" | scaivault subscriptions create --name alerts --paths "app/**" --events "secret.*" --webhook https://hooks.example/xxx --webhook-secret-file -',
      ],
      [
        'A feed to poll from a script',
        'scaivault subscriptions create --name deploy-watch --paths "app/**" --events secret.updated,secret.rotated --field id',
      ],
    ],
  });

  name = Option.String('--name', { required: true, description: 'Display name' });
  pathGlobs = Option.String('--paths', { required: true, description: 'Comma-separated path globs, e.g. "environments/production/**"' });
  events = Option.String('--events', { required: true, description: 'Comma-separated event types, e.g. secret.rotated,rotation.due' });
  webhook = Option.String('--webhook', { description: 'Deliver by POST to this URL (default: polling)' });
  webhookSecretFile = Option.String('--webhook-secret-file', { description: 'Read the webhook signing secret from FILE, or - for stdin' });
  bufferSize = Option.String('--buffer-size', { description: 'Polling: how many unacknowledged events to keep (1-100000, default 1000)' });

  async execute(): Promise<number> {
    const name = this.name.trim();
    if (name === '') throw new UsageError('--name is empty');
    const paths = parsePathGlobs(this.pathGlobs);
    const events = parseEventTypes(this.events);
    const url = this.webhook === undefined ? undefined : parseWebhookUrl(this.webhook);
    if (url === undefined && this.webhookSecretFile !== undefined) throw new UsageError('--webhook-secret-file needs --webhook');
    if (url !== undefined && this.bufferSize !== undefined)
      throw new UsageError('--buffer-size is for polling subscriptions; it cannot be combined with --webhook');
    const bufferSize = this.bufferSize === undefined ? undefined : parseInteger(this.bufferSize, '--buffer-size', { min: 1, max: 100_000 });

    let delivery: SubscriptionDelivery;
    let generatedSecret: string | undefined;
    if (url !== undefined) {
      const given = this.webhookSecretFile === undefined ? undefined : await this.readSecret(this.webhookSecretFile);
      // 32 random bytes: the documented minimum for an HMAC signing secret.
      if (given === undefined) generatedSecret = randomBytes(32).toString('base64url');
      delivery = { type: 'webhook', url, secret: given ?? generatedSecret! };
    } else {
      delivery = { type: 'polling', ...(bufferSize ? { buffer_size: bufferSize } : {}) };
    }

    const client = await this.api();
    const subscription = await client.subscriptions.create({ name, paths, events, delivery });
    if (generatedSecret === undefined) {
      this.output.object(subscription, { human: subscriptionPairs(subscription) });
      if (delivery.type === 'polling' && !this.output.json && this.field === undefined)
        this.output.info(`Watch it: scaivault subscriptions poll ${subscription.id} --follow`);
      return 0;
    }
    this.output.object(
      { ...subscription, signing_secret: generatedSecret },
      { human: [...subscriptionPairs(subscription), ['signing secret', generatedSecret]] },
    );
    if (!this.output.json && this.field === undefined)
      this.output.warn('the signing secret is shown only this once: give it to the webhook receiver now');
    return 0;
  }

  private async readSecret(source: string): Promise<string> {
    const text = await readFileOrStdin(source, `--webhook-secret-file ${source}`, {
      fs: this.resolve(Tokens.FileSystem),
      stdin: this.context.stdin,
    });
    const secret = text.replace(/\r?\n$/, '');
    if (secret.trim() === '') throw new UsageError(`--webhook-secret-file ${source} is empty`);
    if (secret.length > 1024) throw new UsageError(`the signing secret is ${secret.length} characters long; the maximum is 1024`);
    return secret;
  }
}
