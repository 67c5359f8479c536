/** A set of listeners; `emit` calls each in order and hands any throw to `onThrow`. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  constructor(private readonly onThrow: (error: unknown) => void = () => {}) {}

  /** Adds a listener; returns its unsubscribe. */
  add(listener: (value: T) => void): () => void {
    // Wrap so the same function added twice is two subscriptions.
    const entry = (value: T) => listener(value);
    this.set.add(entry);
    return () => {
      this.set.delete(entry);
    };
  }

  /** Number of listeners. */
  get size(): number {
    return this.set.size;
  }

  /** Calls every listener with `value`; one throwing does not stop the others. */
  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (error) {
        this.onThrow(error);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.set.clear();
  }
}
