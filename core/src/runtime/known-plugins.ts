/** The official command groups and the package that provides each, for install hints. */
export const KNOWN_PLUGINS: Readonly<Record<string, string>> = {
  secrets: '@scaivault/plugin-secrets',
  'secret-policies': '@scaivault/plugin-secret-policies',
  policies: '@scaivault/plugin-policies',
  rotation: '@scaivault/plugin-rotation',
  pki: '@scaivault/plugin-pki',
  dynamic: '@scaivault/plugin-dynamic',
  audit: '@scaivault/plugin-audit',
  'service-accounts': '@scaivault/plugin-service-accounts',
  subscriptions: '@scaivault/plugin-subscriptions',
  federation: '@scaivault/plugin-federation',
  scaikey: '@scaivault/plugin-scaikey',
  tpm: '@scaivault/plugin-tpm',
  dev: '@scaivault/plugin-dev',
  mcp: '@scaivault/plugin-mcp',
  run: '@scaivault/plugin-run',
  api: '@scaivault/plugin-api',
};

/** `pki` → `@scaivault/plugin-pki`; anything else is an npm spec or a path and stays as it is. */
export function expandPluginSpec(spec: string): string {
  return KNOWN_PLUGINS[spec] ?? spec;
}
