// `import { ScaiVaultClient } from 'scaivault'`: the SDK ships in the same package as the CLI, as
// @scaivault/sdk itself (which stays installable on its own); one copy, re-exported as it is.
export * from '@scaivault/sdk';
