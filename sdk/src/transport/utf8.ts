/**
 * UTF-8 bytes as text, the way TextDecoder's defaults give it (invalid sequences replaced, a leading
 * byte order mark dropped), through Buffer: a TextDecoder made when the SDK loads costs a CLI start
 * the load of Node's encoding module, a share of every read that makes one request.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
