// The ASN.1 schemas type binary fields as ArrayBuffer; node:crypto hands out Buffers (views that
// may share a larger pool), so copy exactly the viewed bytes.
export function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}
