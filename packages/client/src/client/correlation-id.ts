/**
 * Makes correlation ids for one client: a random prefix of 96 bits (three 32-bit words in base
 * 36, drawn once) plus a counter in base 36, e.g. `"1k3x9az2pq0w7nb3v4.1f"`. PROTOCOL.md v1.1
 * allows it: no other client's request uses the id while a server may remember it, and it is
 * shorter and cheaper than a UUID per request. Uses `crypto.getRandomValues` where available
 * (it needs no secure origin), else `random` (runtimes without Web Crypto).
 */
export function correlationIds(random: () => number = Math.random): () => string {
  const words = new Uint32Array(3);
  const { crypto } = globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => unknown } };
  if (crypto?.getRandomValues) crypto.getRandomValues(words);
  else for (let i = 0; i < 3; i++) words[i] = random() * 2 ** 32;
  // Fixed width (7 base-36 digits per word) so no two prefixes run into each other's counters.
  const prefix = Array.from(words, (word) => word.toString(36).padStart(7, "0")).join("");
  let counter = 0;
  return () => `${prefix}.${(++counter).toString(36)}`;
}
