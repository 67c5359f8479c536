import type { AnyMessageSchema, ConnectionState, MessageHandler, WsClient } from "@typed-ws/client";
import { messageInfo } from "@typed-ws/client";
import { IDLE_CONNECTION_STATE } from "../observers/connection-observer.ts";

/** A minimal in-memory `WsClient` for observer unit tests: `emit` delivers, `setState` changes state. */
export interface FakeClient extends WsClient {
  emit(type: string, message: unknown): void;
  setState(patch: Partial<ConnectionState>): void;
  /** Live `on` subscriptions per type. */
  handlerCount(type: string): number;
  /** Live `onState` subscriptions. */
  stateListenerCount(): number;
  requests: FakeRequest[];
}

/** A request the fake client received; settle it by hand. */
export interface FakeRequest {
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function fakeClient(): FakeClient {
  const handlers = new Map<string, Set<(message: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = IDLE_CONNECTION_STATE;
  const requests: FakeRequest[] = [];
  const client: FakeClient = {
    get state() {
      return state;
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    connect: async () => {},
    close() {},
    send() {},
    on<S extends AnyMessageSchema>(schema: S, handler: MessageHandler<S>) {
      const { type } = messageInfo(schema);
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      const wrapped = (message: unknown) => handler(message as Parameters<MessageHandler<S>>[0]);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    request: ((...args: unknown[]) =>
      new Promise((resolve, reject) => {
        requests.push({ args, resolve, reject });
      })) as WsClient["request"],
    onError: () => () => {},
    onUnhandled: () => () => {},
    emit(type, message) {
      for (const handler of handlers.get(type) ?? []) handler(message);
    },
    setState(patch) {
      state = { ...state, ...patch };
      for (const listener of stateListeners) listener(state);
    },
    handlerCount: (type) => handlers.get(type)?.size ?? 0,
    stateListenerCount: () => stateListeners.size,
    requests,
  };
  return client;
}
