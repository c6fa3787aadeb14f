export { startServer, type StartServerOptions, type RunningServer } from './start-server.js';
export { type MasterKeySource, FileMasterKeySource, EphemeralMasterKeySource } from './crypto/master-key.js';
export { signPayload } from './events/webhook-sender.js';
export type { WebhookTargetPolicy, HostResolver } from './events/webhook-targets.js';
