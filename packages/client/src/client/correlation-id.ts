/**
 * Makes correlation ids for one client: a random prefix of 66 bits (11 base64url characters,
 * drawn once) plus a counter in base 36, e.g. `"Qx3v-9a_K2b.1f"`. PROTOCOL.md v1.1 allows it:
 * no other client's request uses the id while a server may remember it, and it is shorter and
 * cheaper than a UUID per request. Uses `crypto.getRandomValues` where available, else
 * `random` (tests and old runtimes).
 */
export function correlationIds(random: () => number = Math.random): () => string {
  const bytes = new Uint8Array(11);
  const { crypto } = globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } };
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let prefix = "";
  for (const byte of bytes) prefix += alphabet[byte & 63]; // 6 bits per character
  let counter = 0;
  return () => `${prefix}.${(++counter).toString(36)}`;
}
