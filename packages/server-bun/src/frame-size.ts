/** Frame size checks, done in bytes before anything is parsed. */

/** The size of a frame in bytes (UTF-8 for text). */
export function frameBytes(raw: string | ArrayBufferView | ArrayBuffer, limit: number): number {
  if (typeof raw !== "string") return raw.byteLength;
  // A string of n UTF-16 units is at most 3n UTF-8 bytes: skip measuring small frames.
  if (raw.length * 3 <= limit) return raw.length;
  return Buffer.byteLength(raw, "utf8");
}

const CORRELATION_ID = /"correlationId"\s*:\s*"([^"\\]{1,128})"/;

/**
 * Best-effort correlation id of a frame too large to parse: looks for `"correlationId":"…"` in
 * the first 4 KiB (the client writes `meta` before `payload`), so the request can still be answered.
 */
export function sniffCorrelationId(raw: string): string | undefined {
  return CORRELATION_ID.exec(raw.slice(0, 4096))?.[1];
}
