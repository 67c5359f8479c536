import { createListeners, type Listeners } from "./listeners.ts";
import type { ConnectionState } from "./types.ts";

/** The state before `connect()`. */
export const INITIAL_STATE: ConnectionState = Object.freeze({
  status: "idle",
  attempt: 0,
  nextRetryAt: undefined,
  lastClose: undefined,
  queued: 0,
});

/** The connection snapshot and its listeners (see {@link createStateStore}). */
export interface StateStore {
  /** The current snapshot. */
  get(): ConnectionState;
  /** Applies `patch`; does nothing (same reference) when no field changes. */
  update(patch: Partial<ConnectionState>): void;
  readonly listeners: Listeners<ConnectionState>;
}

/**
 * Holds the connection snapshot: every change makes a new frozen object and notifies listeners.
 * A change made by a listener (e.g. a `send` that queues) is announced after the current round,
 * once, with the latest snapshot: listeners never see states out of order or re-entrantly.
 */
export function createStateStore(onListenerThrow: (error: unknown) => void): StateStore {
  let current = INITIAL_STATE;
  let emitting = false;
  let changedWhileEmitting = false;
  const listeners = createListeners<ConnectionState>(onListenerThrow);
  return {
    get: () => current,
    update(patch) {
      const keys = Object.keys(patch) as Array<keyof ConnectionState>;
      if (keys.every((key) => Object.is(patch[key], current[key]))) return;
      current = Object.freeze({ ...current, ...patch });
      changedWhileEmitting = true;
      if (emitting) return;
      emitting = true;
      // `emit` never throws: a throwing listener goes to `onListenerThrow`.
      while (changedWhileEmitting) {
        changedWhileEmitting = false;
        listeners.emit(current);
      }
      emitting = false;
    },
    listeners,
  };
}
