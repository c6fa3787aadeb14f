// The SDK's types, for `import { ScaiVaultClient } from 'scaivault'`.
export * from '@scaivault/sdk';
