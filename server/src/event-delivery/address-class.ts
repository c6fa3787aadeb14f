import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an IP address is, for deciding whether the server may send a webhook to it:
 * `public` (global unicast), `loopback`, `private` (RFC 1918, carrier-grade NAT, unique-local),
 * or `never` — unspecified, link-local (169.254.169.254 is the cloud metadata service),
 * multicast, broadcast, documentation, benchmarking and other reserved ranges, which no
 * server option opens.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'never';

export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return classifyIPv4(ipv4Octets(address));
  if (isIPv6(address)) return classifyIPv6(ipv6Words(address));
  return 'never';
}

function ipv4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

function classifyIPv4([a = 0, b = 0, c = 0]: number[]): AddressClass {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (
    a === 0 || // "this network"; 0.0.0.0 reaches the local host on Linux
    (a === 169 && b === 254) || // link-local
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 88 && c === 99) || // 6to4 relay anycast
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113) || // TEST-NET-3
    a >= 224 // multicast, reserved, broadcast
  ) {
    return 'never';
  }
  return 'public';
}

/** The eight 16-bit words of a valid IPv6 address (a dotted IPv4 tail converted, `::` expanded). */
function ipv6Words(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Octets(last);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const [head = '', rest] = text.split('::');
  if (rest === undefined) return parse(head);
  const front = parse(head);
  const back = parse(rest);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function embeddedIPv4(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function classifyIPv6(words: number[]): AddressClass {
  const [w0, w1, w2, w3, w4, w5, w6, w7] = words as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => words.slice(0, n).every((word) => word === 0);
  if (zeroTo(8)) return 'never'; // ::
  if (zeroTo(7) && w7 === 1) return 'loopback'; // ::1
  // Forms that carry an IPv4 address are judged by that address: IPv4-mapped (::ffff:a.b.c.d),
  // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
  if (zeroTo(5) && w5 === 0xffff) return classifyIPv4(embeddedIPv4(w6, w7));
  if (zeroTo(6)) return classifyIPv4(embeddedIPv4(w6, w7));
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return classifyIPv4(embeddedIPv4(w6, w7));
  if (w0 === 0x2002) return classifyIPv4(embeddedIPv4(w1, w2));
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 1) return 'private'; // local-use NAT64
  if ((w0 & 0xfe00) === 0xfc00 || (w0 & 0xffc0) === 0xfec0) return 'private'; // unique-local, old site-local
  // Link-local, multicast, Teredo and the other IETF assignments in 2001::/23, documentation,
  // and everything outside global unicast (2000::/3).
  if ((w0 & 0xe000) !== 0x2000 || (w0 === 0x2001 && w1 < 0x200) || (w0 === 0x2001 && w1 === 0xdb8)) return 'never';
  return 'public';
}
