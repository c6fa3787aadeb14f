import { execFile } from 'node:child_process';
import type { DnsRecordWriter, HttpTokenWriter } from './dns-record-writer.js';
import { DnsProviderError } from './dns-record-writer.js';

const HOOK_TIMEOUT_MS = 120_000;

/**
 * A hook command the operator configured on the server (`dnsExecHooks`: name → absolute path), run
 * once per change the way lego's `exec` and certbot's manual hooks are: no shell, the action as
 * the only argument, everything else in the environment. The API only names a hook; it can never
 * give a path or a command line, so a caller runs nothing the operator did not install.
 *
 * Environment: SCAIVAULT_DNS_ACTION (`present`, `cleanup` or `verify` for dns-01; `http-present` or
 * `http-cleanup` for http-01), SCAIVAULT_DNS_ZONE, SCAIVAULT_DNS_RECORD_NAME (FQDN, no trailing dot),
 * SCAIVAULT_DNS_RECORD_VALUE, SCAIVAULT_DNS_ZONES (verify: space-separated); for http-01
 * SCAIVAULT_HTTP_DOMAIN, SCAIVAULT_HTTP_TOKEN, SCAIVAULT_HTTP_PATH (`/.well-known/acme-challenge/<token>`)
 * and SCAIVAULT_HTTP_CONTENT (what that URL must answer); each credential as
 * SCAIVAULT_DNS_CREDENTIAL_<NAME>. PATH is kept, nothing else of the server's environment is passed on.
 */
export class ExecHookWriter implements DnsRecordWriter, HttpTokenWriter {
  constructor(
    private readonly hookName: string,
    private readonly hookPath: string,
    private readonly credentials: Record<string, string>,
  ) {}

  private run(
    action: 'present' | 'cleanup' | 'verify' | 'http-present' | 'http-cleanup',
    variables: Record<string, string>,
  ): Promise<void> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', SCAIVAULT_DNS_ACTION: action, ...variables };
    for (const [name, value] of Object.entries(this.credentials)) env[`SCAIVAULT_DNS_CREDENTIAL_${name.toUpperCase()}`] = value;
    return new Promise((resolve, reject) => {
      execFile(this.hookPath, [action], { env, timeout: HOOK_TIMEOUT_MS, shell: false, maxBuffer: 1 << 20 }, (error) => {
        if (!error) return resolve();
        // The hook's output is not repeated: it may print what it was given.
        const how = error.killed
          ? `was stopped after ${HOOK_TIMEOUT_MS / 1000} s`
          : typeof error.code === 'number'
            ? `exited with status ${error.code}`
            : 'could not be started';
        reject(new DnsProviderError(`the DNS hook ${this.hookName} ${how} (${action})`));
      });
    });
  }

  addTxt(zone: string, name: string, value: string): Promise<void> {
    return this.run('present', { SCAIVAULT_DNS_ZONE: zone, SCAIVAULT_DNS_RECORD_NAME: name, SCAIVAULT_DNS_RECORD_VALUE: value });
  }

  removeTxt(zone: string, name: string, value: string): Promise<void> {
    return this.run('cleanup', { SCAIVAULT_DNS_ZONE: zone, SCAIVAULT_DNS_RECORD_NAME: name, SCAIVAULT_DNS_RECORD_VALUE: value });
  }

  addHttpToken(domain: string, token: string, keyAuthorization: string): Promise<void> {
    return this.run('http-present', httpVariables(domain, token, keyAuthorization));
  }

  removeHttpToken(domain: string, token: string, keyAuthorization: string): Promise<void> {
    return this.run('http-cleanup', httpVariables(domain, token, keyAuthorization));
  }

  verify(zones: readonly string[]): Promise<void> {
    return this.run('verify', { SCAIVAULT_DNS_ZONES: zones.join(' ') });
  }
}

function httpVariables(domain: string, token: string, keyAuthorization: string): Record<string, string> {
  return {
    SCAIVAULT_HTTP_DOMAIN: domain,
    SCAIVAULT_HTTP_TOKEN: token,
    SCAIVAULT_HTTP_PATH: `/.well-known/acme-challenge/${token}`,
    SCAIVAULT_HTTP_CONTENT: keyAuthorization,
  };
}
