/** Callers waiting for the connection to open (see {@link createWaiters}). */
export interface Waiters {
  /** A promise that settles at the next `settle`. */
  wait(): Promise<void>;
  /** Resolves every waiting promise, or rejects them with `error`. */
  settle(error?: unknown): void;
}

/** The `connect()` promises still pending: each resolves on open or rejects when the client stops. */
export function createWaiters(): Waiters {
  let pending: Array<(error?: unknown) => void> = [];
  return {
    wait: () =>
      new Promise<void>((resolve, reject) => {
        pending.push((error) => (error === undefined ? resolve() : reject(error)));
      }),
    settle(error) {
      const settled = pending;
      pending = [];
      for (const settle of settled) settle(error);
    },
  };
}
