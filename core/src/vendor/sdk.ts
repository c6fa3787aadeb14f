export * from '@scaivault/sdk';
