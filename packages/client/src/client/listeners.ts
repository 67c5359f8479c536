/** A set of listeners (see {@link createListeners}). */
export interface Listeners<T> {
  /** Adds a listener; returns its unsubscribe. */
  add(listener: (value: T) => void): () => void;
  /** Calls every listener with `value`; one throwing does not stop the others. */
  emit(value: T): void;
}

/** A set of listeners; `emit` calls each in order and hands any throw to `onThrow`. */
export function createListeners<T>(onThrow: (error: unknown) => void = () => {}): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(listener) {
      // Wrap so the same function added twice is two subscriptions.
      const entry = (value: T) => listener(value);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(value) {
      for (const listener of [...set]) {
        try {
          listener(value);
        } catch (error) {
          onThrow(error);
        }
      }
    },
  };
}
