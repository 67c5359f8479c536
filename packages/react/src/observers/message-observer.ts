import type { AnyMessageSchema, InferMessage, WsClient } from "@typed-ws/client";
import { createSelection } from "./selection.ts";

/** Options of a {@link MessageObserver} (and of `useMessage`). */
export interface MessageObserverOptions<S extends AnyMessageSchema, T = InferMessage<S>> {
  /** Derives the value to keep from each message. @default the whole message */
  select?: (message: InferMessage<S>) => T;
  /** When two selected values count as equal (no notification). @default deep equality (structural sharing) */
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
 * effects, so React may create and drop them freely (StrictMode). The value is a memoized
 * selection of the last message (`createSelection`). A closure rather than a class: its state
 * stays in local variables, which minify to one letter (private fields do not).
 */
export function createMessageObserver<S extends AnyMessageSchema, T = InferMessage<S>>(
  client: WsClient,
  schema: S,
  options: MessageObserverOptions<S, T> = {},
): MessageObserver<S, T> {
  const listeners = new Set<() => void>();
  const selection = createSelection<InferMessage<S>, T>();
  let off: (() => void) | undefined;
  let message: InferMessage<S> | undefined;

  const getSnapshot = () => selection(message, options.select, options.equals);

  /** Applies `change`, then notifies the listeners if the snapshot changed (`Object.is`). */
  const update = (change: () => void): void => {
    const previous = getSnapshot();
    change();
    if (!Object.is(previous, getSnapshot())) for (const listener of listeners) listener();
  };

  /** Holds one client subscription exactly while there are listeners and the observer is enabled. */
  const sync = (): void => {
    if (listeners.size > 0 && options.enabled !== false) {
      off ??= client.on(schema, onMessage);
    } else {
      off?.();
      off = undefined;
    }
  };

  const onMessage = (next: InferMessage<S>): void => {
    if (options.onMessage !== undefined) {
      options.onMessage(next);
      return;
    }
    update(() => {
      message = next;
    });
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
    getSnapshot,
    getServerSnapshot: () => undefined,
    setOptions(nextClient, nextSchema, nextOptions) {
      update(() => {
        if (nextClient !== client || nextSchema !== schema) {
          off?.();
          off = undefined;
          client = nextClient;
          schema = nextSchema;
          message = undefined;
        }
        options = nextOptions;
        sync();
      });
    },
  };
}
