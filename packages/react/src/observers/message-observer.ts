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

/** What `useMessage` binds to `useSyncExternalStore`; made by {@link createMessageObserver}. */
export interface MessageObserver<S extends AnyMessageSchema, T = InferMessage<S>> {
  /** Adds a change listener; the first one subscribes to the client, the last one to leave unsubscribes. */
  subscribe(listener: () => void): () => void;
  /** The latest selected value; `undefined` until a message arrives (and always in event-style use). */
  getSnapshot(): T | undefined;
  /** Server rendering never has messages: always `undefined`. */
  getServerSnapshot(): undefined;
  /**
   * Applies new options. A different client or schema re-subscribes and forgets the last value; a
   * different `select` re-derives the value from the last message (notifying if it changed).
   */
  setOptions(client: WsClient, schema: S, options: MessageObserverOptions<S, T>): void;
}

/**
 * Watches one message type on a client and keeps the latest (selected) value, for
 * `useSyncExternalStore`. Subscribes to the client (`client.on`) only while it has listeners
 * and is enabled, and notifies only when the selected value changes. Creating one has no side
 * effects, so React may create and drop them freely (StrictMode). A closure rather than a class:
 * its state stays in local variables, which minify to one letter (private fields do not).
 */
export function createMessageObserver<S extends AnyMessageSchema, T = InferMessage<S>>(
  client: WsClient,
  schema: S,
  options: MessageObserverOptions<S, T> = {},
): MessageObserver<S, T> {
  const listeners = new Set<() => void>();
  let off: (() => void) | undefined;
  let message: InferMessage<S> | undefined;
  let value: T | undefined;

  const detach = (): void => {
    off?.();
    off = undefined;
  };

  /** Holds one client subscription exactly while there are listeners and the observer is enabled. */
  const sync = (): void => {
    if (listeners.size === 0 || options.enabled === false) detach();
    else off ??= client.on(schema, onMessage);
  };

  const onMessage = (next: InferMessage<S>): void => {
    if (options.onMessage === undefined) keep(next);
    else options.onMessage(next);
  };

  /** Keeps `next` and its selected value; notifies when the value changed (`Object.is`, or `equals`). */
  const keep = (next: InferMessage<S> | undefined): void => {
    const { select, equals } = options;
    const previous = value;
    const selected = next === undefined || select === undefined ? (next as T | undefined) : select(next);
    message = next;
    if (Object.is(previous, selected)) return;
    if (previous !== undefined && selected !== undefined && equals?.(previous, selected)) return;
    value = selected;
    for (const listener of listeners) listener();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      sync();
      return () => {
        listeners.delete(listener);
        sync();
      };
    },
    getSnapshot: () => value,
    getServerSnapshot: () => undefined,
    setOptions(nextClient, nextSchema, nextOptions) {
      const resubscribe = nextClient !== client || nextSchema !== schema;
      const reselect = resubscribe || nextOptions.select !== options.select;
      options = nextOptions;
      if (resubscribe) {
        detach();
        client = nextClient;
        schema = nextSchema;
        message = undefined;
      }
      sync();
      if (reselect) keep(message);
    },
  };
}
