import type { AnyMessageSchema, InferMessage, WsClient } from "@typed-ws/client";

/** Options of a {@link MessageObserver} (and of `useMessage`). */
export interface MessageObserverOptions<S extends AnyMessageSchema, T = InferMessage<S>> {
  /** Derives the value to keep from each message. @default the whole message */
  select?: (message: InferMessage<S>) => T;
  /** When two selected values count as equal (no notification). @default Object.is */
  equals?: (previous: T, next: T) => boolean;
  /**
   * Event-style use: called with every message; the observer then keeps no value and never
   * notifies, so a component using it never re-renders because of messages.
   */
  onMessage?: (message: InferMessage<S>) => void;
  /** `false` removes the handler from the client until enabled again. @default true */
  enabled?: boolean;
}

/**
 * Watches one message type on a client and keeps the latest (selected) value, for
 * `useSyncExternalStore`. Subscribes to the client (`client.on`) only while it has listeners
 * and is enabled, and notifies only when the selected value changes. Constructing it has no
 * side effects, so React may create and drop instances freely (StrictMode).
 */
export class MessageObserver<S extends AnyMessageSchema, T = InferMessage<S>> {
  #client: WsClient;
  #schema: S;
  #options: MessageObserverOptions<S, T>;
  #listeners = new Set<() => void>();
  #off: (() => void) | undefined;
  #message: InferMessage<S> | undefined;
  #value: T | undefined;

  constructor(client: WsClient, schema: S, options: MessageObserverOptions<S, T> = {}) {
    this.#client = client;
    this.#schema = schema;
    this.#options = options;
  }

  /** Adds a change listener; the first one subscribes to the client, the last one to leave unsubscribes. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#sync();
    return () => {
      this.#listeners.delete(listener);
      this.#sync();
    };
  };

  /** The latest selected value; `undefined` until a message arrives (and always in event-style use). */
  getSnapshot = (): T | undefined => this.#value;

  /** Server rendering never has messages. */
  getServerSnapshot = (): undefined => undefined;

  /**
   * Applies new options. A different client or schema re-subscribes and forgets the last value; a
   * different `select` re-derives the value from the last message (notifying if it changed).
   */
  setOptions(client: WsClient, schema: S, options: MessageObserverOptions<S, T>): void {
    const previous = this.#options;
    this.#options = options;
    if (client !== this.#client || schema !== this.#schema) {
      this.#detach();
      this.#client = client;
      this.#schema = schema;
      this.#message = undefined;
      this.#setValue(undefined);
      this.#sync();
      return;
    }
    this.#sync();
    if (options.select !== previous.select && this.#message !== undefined) this.#derive(this.#message);
  }

  /** Whether the observer holds a client subscription right now (for tests and debugging). */
  isAttached(): boolean {
    return this.#off !== undefined;
  }

  #sync(): void {
    const wanted = this.#listeners.size > 0 && this.#options.enabled !== false;
    if (wanted && this.#off === undefined) this.#off = this.#client.on(this.#schema, this.#onMessage);
    else if (!wanted) this.#detach();
  }

  #detach(): void {
    this.#off?.();
    this.#off = undefined;
  }

  #onMessage = (message: InferMessage<S>): void => {
    const { onMessage } = this.#options;
    if (onMessage !== undefined) {
      onMessage(message);
      return;
    }
    this.#message = message;
    this.#derive(message);
  };

  #derive(message: InferMessage<S>): void {
    const { select } = this.#options;
    this.#setValue(select === undefined ? (message as T) : select(message));
  }

  #setValue(next: T | undefined): void {
    const previous = this.#value;
    if (Object.is(previous, next)) return;
    if (previous !== undefined && next !== undefined && this.#options.equals?.(previous, next)) return;
    this.#value = next;
    for (const listener of this.#listeners) listener();
  }
}
