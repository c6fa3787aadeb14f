// `--format p12`: a PKCS#12 bundle (RFC 7292) of the certificate, its chain and the private key,
// readable by OpenSSL 3, Java keytool and Windows. node-forge supplies the ASN.1 builder and the
// PKCS#12 key derivation for the MAC; forge's own bundler only takes RSA keys and certificates, so the
// bags are assembled here: the key is encrypted by node:crypto as PKCS#8 PBES2 (PBKDF2-SHA256,
// AES-256-CBC), the MAC is HMAC-SHA256. Loaded lazily.
import { createHash, createHmac, createPrivateKey, randomBytes } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
const OIDS = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
};
const MAC_ITERATIONS = 2048;

type Node = forge.asn1.Asn1;

const seq = (items: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (value: string): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
const explicit0 = (item: Node): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [item]);
const der = (item: Node): Buffer => Buffer.from(asn1.toDer(item).getBytes(), 'binary');
const fromDer = (bytes: Buffer): Node => asn1.fromDer(bytes.toString('binary'));
const integer = (value: number): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());

function dataContentInfo(content: Buffer): Node {
  return seq([oid(OIDS.data), explicit0(octets(content))]);
}

function keyIdAttributes(keyId: Buffer): Node {
  return set([seq([oid(OIDS.localKeyId), set([octets(keyId)])])]);
}

export function buildPkcs12(input: { certificateDer: Buffer; chainDer: Buffer[]; privateKeyPem: string; password: string }): Buffer {
  const keyId = createHash('sha1').update(input.certificateDer).digest();
  const certBags = [input.certificateDer, ...input.chainDer].map((certificate, index) => {
    const bag = [oid(OIDS.certBag), explicit0(seq([oid(OIDS.x509Certificate), explicit0(octets(certificate))]))];
    if (index === 0) bag.push(keyIdAttributes(keyId));
    return seq(bag);
  });
  const encryptedKey = createPrivateKey(input.privateKeyPem).export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: input.password,
  });
  const keyBag = seq([oid(OIDS.pkcs8ShroudedKeyBag), explicit0(fromDer(encryptedKey)), keyIdAttributes(keyId)]);
  const authenticatedSafe = der(seq([dataContentInfo(der(seq(certBags))), dataContentInfo(der(seq([keyBag])))]));

  const salt = randomBytes(16);
  const macKey = forge.pkcs12.generateKey(
    input.password,
    forge.util.createBuffer(salt.toString('binary')),
    3,
    MAC_ITERATIONS,
    32,
    forge.md.sha256.create(),
  );
  const mac = createHmac('sha256', Buffer.from(macKey.getBytes(), 'binary')).update(authenticatedSafe).digest();
  const macData = seq([
    seq([seq([oid(OIDS.sha256), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(mac)]),
    octets(salt),
    integer(MAC_ITERATIONS),
  ]);
  return der(seq([integer(3), dataContentInfo(authenticatedSafe), macData]));
}
