import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerOcspRequest,
  buildCrl,
  issueLeaf,
  ocspRequestFromGetPath,
  type OcspCertificateStatus,
  type SigningCa,
} from '../src/crypto/ca-engine/index.js';
import { makeHierarchy, openssl, opensslAsync, role, Scratch } from './pki-openssl.js';

test('CRL: openssl verify -crl_check refuses the revoked leaf, accepts the other, and crl -text shows number, next update and reason', async () => {
  const scratch = new Scratch();
  try {
    const { root, intermediate, rootPem, intermediatePem } = await makeHierarchy();
    const revoked = await issueLeaf(intermediate, role(), { commonName: 'old.internal' });
    const good = await issueLeaf(intermediate, role(), { commonName: 'new.internal' });
    const now = new Date();
    const nextUpdate = new Date(now.getTime() + 24 * 3600_000);
    const intCrl = buildCrl(intermediate, {
      crlNumber: 7,
      thisUpdate: now,
      nextUpdate,
      entries: [{ serialNumber: revoked.serialNumber, revokedAt: now, reason: 'key_compromise' }],
    });
    const rootCrl = buildCrl(root, { crlNumber: 1, thisUpdate: now, nextUpdate, entries: [] });
    const files = {
      chain: scratch.write('chain.pem', rootPem + intermediatePem),
      crls: scratch.write('crls.pem', intCrl.pem + rootCrl.pem),
      intCrl: scratch.write('int.crl', intCrl.der),
      revoked: scratch.write('revoked.pem', revoked.certificatePem),
      good: scratch.write('good.pem', good.certificatePem),
    };
    const refused = openssl(['verify', '-crl_check_all', '-CAfile', files.chain, '-CRLfile', files.crls, files.revoked]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr + refused.stdout, /certificate revoked/);
    const accepted = openssl(['verify', '-crl_check_all', '-CAfile', files.chain, '-CRLfile', files.crls, files.good]);
    assert.equal(accepted.status, 0, accepted.stderr + accepted.stdout);

    const text = openssl(['crl', '-inform', 'DER', '-in', files.intCrl, '-noout', '-text']).stdout;
    assert.match(text, /Version 2/);
    assert.match(text, /X509v3 CRL Number: *\n\s+7\n/);
    assert.match(text, /Next Update: /);
    assert.match(text, /Issuer: O = Acme, CN = Acme Issuing CA/);
    assert.match(text, new RegExp(`Serial Number: ${revoked.serialNumber.replace(/:/g, '').toUpperCase()}[\\s\\S]*Key Compromise`));
    const signature = openssl(['crl', '-inform', 'DER', '-in', files.intCrl, '-noout', '-CAfile', files.chain]);
    assert.match(signature.stderr + signature.stdout, /verify OK/);
  } finally {
    scratch.remove();
  }
});

test('CRL: an empty CRL has no revoked list, and an unspecified reason carries no reason code', async () => {
  const { intermediate } = await makeHierarchy();
  const leaf = await issueLeaf(intermediate, role(), { commonName: 'x.internal' });
  const now = new Date();
  const empty = openssl(['crl', '-noout', '-text'], {
    input: buildCrl(intermediate, { crlNumber: 0, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3600_000), entries: [] }).pem,
  }).stdout;
  assert.match(empty, /No Revoked Certificates/);
  const plain = openssl(['crl', '-noout', '-text'], {
    input: buildCrl(intermediate, {
      crlNumber: 1,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 3600_000),
      entries: [{ serialNumber: leaf.serialNumber, revokedAt: now, reason: 'unspecified' }],
    }).pem,
  }).stdout;
  assert.match(plain, /Revoked Certificates:/);
  assert.doesNotMatch(plain, /CRL Reason Code/);
});

/** The OCSP core behind a node:http server on 127.0.0.1, GET and POST, as the server area will route it. */
async function ocspServer(ca: SigningCa, statuses: Map<string, OcspCertificateStatus>): Promise<{ url: string; server: Server }> {
  const lookup = (serial: string) => statuses.get(serial) ?? { status: 'unknown' as const };
  const server = createServer(async (request, response) => {
    let body: Buffer | undefined;
    if (request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      body = Buffer.concat(chunks);
    } else {
      body = ocspRequestFromGetPath(request.url!.split('/').pop() ?? '');
    }
    const answer = await answerOcspRequest(ca, body ?? Buffer.alloc(0), lookup);
    response.writeHead(200, { 'content-type': 'application/ocsp-response' });
    response.end(answer.der);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/pki/ca/ca_int/ocsp`, server };
}

test('OCSP: openssl ocsp gets good, revoked (with reason) and unknown from the responder core, signed by the CA, nonce echoed', async () => {
  const scratch = new Scratch();
  const { intermediate, rootPem, intermediatePem } = await makeHierarchy();
  const good = await issueLeaf(intermediate, role(), { commonName: 'good.internal' });
  const revoked = await issueLeaf(intermediate, role(), { commonName: 'revoked.internal' });
  const stranger = await issueLeaf(intermediate, role(), { commonName: 'never-recorded.internal' });
  const statuses = new Map<string, OcspCertificateStatus>([
    [good.serialNumber, { status: 'good' }],
    [revoked.serialNumber, { status: 'revoked', revokedAt: new Date(), reason: 'key_compromise' }],
  ]);
  const { url, server } = await ocspServer(intermediate, statuses);
  try {
    const files = {
      root: scratch.write('root.pem', rootPem),
      int: scratch.write('int.pem', intermediatePem),
      good: scratch.write('good.pem', good.certificatePem),
      revoked: scratch.write('revoked.pem', revoked.certificatePem),
      stranger: scratch.write('stranger.pem', stranger.certificatePem),
    };
    const ask = (cert: string, extra: string[] = []) =>
      opensslAsync(['ocsp', '-issuer', files.int, '-cert', cert, '-url', url, '-CAfile', files.root, '-verify_other', files.int, ...extra]);
    const goodAnswer = await ask(files.good);
    assert.equal(goodAnswer.status, 0, goodAnswer.stderr);
    assert.match(goodAnswer.stdout, /good\.pem: good/);
    assert.match(goodAnswer.stderr + goodAnswer.stdout, /Response verify OK/);

    const revokedAnswer = await ask(files.revoked);
    assert.match(revokedAnswer.stdout, /revoked\.pem: revoked/);
    assert.match(revokedAnswer.stdout, /Reason: keyCompromise/);
    assert.match(revokedAnswer.stderr + revokedAnswer.stdout, /Response verify OK/);

    assert.match((await ask(files.stranger)).stdout, /stranger\.pem: unknown/);

    assert.doesNotMatch(goodAnswer.stderr + goodAnswer.stdout, /nonce/i, 'the nonce is echoed, so OpenSSL does not warn about it');

    // GET (RFC 6960 appendix A.1): the DER request base64- and URL-encoded in the path; no nonce, as a GET is cacheable.
    const request = openssl(['ocsp', '-issuer', files.int, '-cert', files.good, '-no_nonce', '-reqout', scratch.path('req.der')]);
    assert.equal(request.status, 0, request.stderr);
    const der = (await import('node:fs')).readFileSync(scratch.path('req.der'));
    const response = await fetch(`${url}/${encodeURIComponent(der.toString('base64'))}`);
    const answer = Buffer.from(await response.arrayBuffer());
    scratch.write('resp.der', answer);
    const readBack = openssl([
      'ocsp',
      '-respin',
      scratch.path('resp.der'),
      '-issuer',
      files.int,
      '-cert',
      files.good,
      '-CAfile',
      files.root,
      '-verify_other',
      files.int,
    ]);
    assert.match(readBack.stdout, /good\.pem: good/);
    assert.match(readBack.stderr + readBack.stdout, /Response verify OK/);
  } finally {
    server.close();
    scratch.remove();
  }
});

test('OCSP: a malformed request gets malformedRequest, and a certificate of another issuer is unknown', async () => {
  const scratch = new Scratch();
  try {
    const one = await makeHierarchy();
    const other = await makeHierarchy();
    const garbage = await answerOcspRequest(one.intermediate, Buffer.from('not an OCSP request'), () => ({ status: 'good' }));
    scratch.write('garbage.der', garbage.der);
    assert.match(openssl(['ocsp', '-respin', scratch.path('garbage.der'), '-resp_text', '-noverify']).stdout + '', /malformedrequest/i);

    const foreign = await issueLeaf(other.intermediate, role(), { commonName: 'foreign.internal' });
    const files = {
      otherInt: scratch.write('other-int.pem', other.intermediatePem),
      foreign: scratch.write('foreign.pem', foreign.certificatePem),
    };
    openssl(['ocsp', '-issuer', files.otherInt, '-cert', files.foreign, '-no_nonce', '-reqout', scratch.path('req.der')]);
    const requestDer = (await import('node:fs')).readFileSync(scratch.path('req.der'));
    let looked = 0;
    const answer = await answerOcspRequest(one.intermediate, requestDer, () => {
      looked++;
      return { status: 'good' };
    });
    assert.equal(looked, 0, 'a serial of another CA is never looked up');
    assert.deepEqual(
      answer.statuses.map((s) => s.status),
      ['unknown'],
    );
  } finally {
    scratch.remove();
  }
});
