/** Frame size checks, done in bytes before anything is parsed. */

/** The size of a frame in bytes (UTF-8 for text). */
export function frameBytes(raw: string | ArrayBufferView | ArrayBuffer, limit: number): number {
  if (typeof raw !== "string") return raw.byteLength;
  // A string of n UTF-16 units is at most 3n UTF-8 bytes: skip measuring small frames.
  if (raw.length * 3 <= limit) return raw.length;
  return Buffer.byteLength(raw, "utf8");
}
