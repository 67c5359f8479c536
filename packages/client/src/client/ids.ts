let fallbackCounter = 0;

/**
 * A fresh correlation id: `crypto.randomUUID()` where available (it is missing on insecure
 * browser origins and old runtimes), else a time + counter + random string, unique per client.
 */
export function newCorrelationId(): string {
  const { crypto } = globalThis as { crypto?: { randomUUID?: () => string } };
  return crypto?.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${(++fallbackCounter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
