// Subject and issuer names. Only the attributes this CA sets (CN, O, OU); each is a UTF8String.
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';

const ATTRIBUTE_OIDS = { commonName: '2.5.4.3', organization: '2.5.4.10', organizationalUnit: '2.5.4.11' } as const;
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

export interface SubjectFields {
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
}

export function buildName(fields: SubjectFields): Name {
  const rdns: RelativeDistinguishedName[] = [];
  for (const key of ['organization', 'organizationalUnit', 'commonName'] as const) {
    const value = fields[key];
    if (value === undefined || value === '') continue;
    rdns.push(
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({ type: ATTRIBUTE_OIDS[key], value: new AttributeValue({ utf8String: value }) }),
      ]),
    );
  }
  return new Name(rdns);
}

function attributeText(value: AttributeValue): string {
  return (
    value.utf8String ??
    value.printableString ??
    value.ia5String ??
    value.teletexString ??
    value.bmpString ??
    value.universalString ??
    value.toString()
  );
}

/** The first common name in a name, if any. */
export function commonNameOf(name: Name): string | undefined {
  for (const rdn of name) {
    for (const attribute of rdn) if (attribute.type === ATTRIBUTE_OIDS.commonName) return attributeText(attribute.value);
  }
  return undefined;
}

/** `CN=billing.svc,O=Acme` — for logs and metadata, not for matching. */
export function nameToString(name: Name): string {
  return [...name]
    .reverse()
    .map((rdn) =>
      [...rdn].map((attribute) => `${SHORT_NAMES[attribute.type] ?? attribute.type}=${attributeText(attribute.value)}`).join('+'),
    )
    .join(',');
}
