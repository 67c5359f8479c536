/** A set of listeners (see {@link createListeners}). */
export interface Listeners<T> {
  /** Adds a listener; returns its unsubscribe. */
  add(listener: (value: T) => void): () => void;
  /** Calls every listener with `value`; one throwing does not stop the others. */
  emit(value: T): void;
}

/** A set of listeners; `emit` calls each in order and hands any throw to `onThrow`. */
export function createListeners<T>(onThrow: (error: unknown) => void = () => {}): Listeners<T> {
  // Copy on write: add and remove make a new array, so `emit` walks a snapshot without copying
  // (a listener added during emit runs from the next emit; one removed still runs this time).
  let list: ((value: T) => void)[] = [];
  return {
    add(listener) {
      // Wrap so the same function added twice is two subscriptions.
      const entry = (value: T) => listener(value);
      list = [...list, entry];
      return () => {
        list = list.filter((other) => other !== entry);
      };
    },
    emit(value) {
      for (const listener of list) {
        try {
          listener(value);
        } catch (error) {
          onThrow(error);
        }
      }
    },
  };
}
