export { startServer, type StartServerOptions, type RunningServer } from './start-server.js';
export { type MasterKeySource, FileMasterKeySource, EphemeralMasterKeySource } from './crypto/master-key.js';
export { KeyFileMasterKeySource, EnvironmentMasterKeySource } from './crypto/shared-master-key.js';
export { tokenPinFromEnvironment } from './crypto/key-root/token-pin.js';
export { signPayload } from './event-delivery/webhook-sender.js';
export type { WebhookTargetPolicy, HostResolver } from './event-delivery/webhook-targets.js';
export { startDevScaiKey, type StartDevScaiKeyOptions, type RunningDevScaiKey } from './scaikey-dev/start-dev-scaikey.js';
export { scaiKeySignature } from './scaikey-dev/webhook-sender.js';
