import { Listeners } from "./listeners.ts";
import type { ConnectionState } from "./types.ts";

/** The state before `connect()`. */
export const INITIAL_STATE: ConnectionState = Object.freeze({
  status: "idle",
  attempt: 0,
  nextRetryAt: undefined,
  lastClose: undefined,
  queued: 0,
});

/**
 * Holds the connection snapshot: every change makes a new frozen object and notifies listeners.
 * A change made by a listener (e.g. a `send` that queues) is announced after the current round,
 * once, with the latest snapshot: listeners never see states out of order or re-entrantly.
 */
export class StateStore {
  private current: ConnectionState = INITIAL_STATE;
  private emitting = false;
  private changedWhileEmitting = false;
  readonly listeners: Listeners<ConnectionState>;

  constructor(onListenerThrow: (error: unknown) => void) {
    this.listeners = new Listeners(onListenerThrow);
  }

  /** The current snapshot. */
  get(): ConnectionState {
    return this.current;
  }

  /** Applies `patch`; does nothing (same reference) when no field changes. */
  update(patch: Partial<ConnectionState>): void {
    const next = { ...this.current, ...patch };
    const keys = Object.keys(patch) as Array<keyof ConnectionState>;
    if (keys.every((key) => Object.is(next[key], this.current[key]))) return;
    this.current = Object.freeze(next);
    if (this.emitting) {
      this.changedWhileEmitting = true;
      return;
    }
    this.emitting = true;
    try {
      do {
        this.changedWhileEmitting = false;
        this.listeners.emit(this.current);
      } while (this.changedWhileEmitting);
    } finally {
      this.emitting = false;
    }
  }
}
