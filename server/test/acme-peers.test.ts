import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { getTrusting, startAcmePeers } from './acme-peers.js';

test('acme peers: a TXT record set through the PowerDNS API resolves on its DNS port, and Pebble hands out a fresh root', async () => {
  const peers = await startAcmePeers('peers.test');
  try {
    const response = await fetch(`${peers.powerDns.apiUrl}/api/v1/servers/localhost/zones/peers.test.`, {
      method: 'PATCH',
      headers: { 'X-API-Key': peers.powerDns.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        rrsets: [
          {
            name: '_acme-challenge.peers.test.',
            type: 'TXT',
            ttl: 60,
            changetype: 'REPLACE',
            records: [{ content: '"hello"', disabled: false }],
          },
        ],
      }),
    });
    assert.equal(response.status, 204);
    const resolver = new Resolver();
    resolver.setServers([peers.powerDns.dnsAddress]);
    assert.deepEqual(await resolver.resolveTxt('_acme-challenge.peers.test'), [['hello']]);
    const root = await peers.pebble.rootPem();
    assert.match(root, /^-----BEGIN CERTIFICATE-----/);
    const directory = await getTrusting(peers.pebble.directoryUrl, peers.pebble.tlsCaPem);
    assert.ok((JSON.parse(directory.body) as { newOrder?: string }).newOrder);
    // Trust is explicit: without the throwaway CA the same request is refused.
    await assert.rejects(getTrusting(peers.pebble.directoryUrl, root), /certificate/);
  } finally {
    await peers.stop();
  }
});
