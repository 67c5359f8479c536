"use client";
import type { AnyMessageSchema, InferMessage, MessageHandler } from "@typed-ws/client";
import { useWsClient } from "../context.ts";
import { useState, useSyncExternalStore } from "../deps.ts";
import { createMessageObserver, type MessageObserverOptions } from "../observers/message-observer.ts";
import { useIsomorphicLayoutEffect } from "./use-isomorphic-layout-effect.ts";

/** Options of `useMessage` in value form: what to keep from each message. */
export interface UseMessageOptions<S extends AnyMessageSchema, T = InferMessage<S>> {
  /** Derives the value to return from each message. @default the whole message */
  select?: (message: InferMessage<S>) => T;
  /** When two selected values are equal (no re-render). @default deep equality (structural sharing) */
  equals?: (previous: T, next: T) => boolean;
  /** `false` stops listening (the value is kept). @default true */
  enabled?: boolean;
  onMessage?: never;
}

/** Options of `useMessage` in event form: a handler, and no re-renders. */
export interface UseMessageHandlerOptions<S extends AnyMessageSchema> {
  /** Called with every validated message of the type; always the handler of the latest render. */
  onMessage: MessageHandler<S>;
  /** `false` stops listening. @default true */
  enabled?: boolean;
}

/**
 * Event form: calls `handler` with every validated message of `schema`'s type. The component never
 * re-renders because of messages, and the handler is always the one from the latest render (no
 * stale closures). Subscribes after mount, unsubscribes on unmount.
 */
export function useMessage<S extends AnyMessageSchema>(schema: S, handler: MessageHandler<S>): void;
/** Event form with options: `useMessage(Schema, { onMessage, enabled })`. */
export function useMessage<S extends AnyMessageSchema>(schema: S, options: UseMessageHandlerOptions<S>): void;
/**
 * Value form: the latest validated message of `schema`'s type, or `select(message)`;
 * `undefined` until the first one arrives after mount (and during server rendering). Re-renders
 * only when the selected value changes (deep equality, or `equals`); a burst of messages in one task
 * renders once.
 */
export function useMessage<S extends AnyMessageSchema, T = InferMessage<S>>(
  schema: S,
  options?: UseMessageOptions<S, T>,
): T | undefined;
export function useMessage<S extends AnyMessageSchema, T>(
  schema: S,
  arg?: MessageHandler<S> | MessageObserverOptions<S, T>,
): T | undefined {
  const client = useWsClient();
  const options: MessageObserverOptions<S, T> = typeof arg === "function" ? { onMessage: arg } : (arg ?? {});
  const [observer] = useState(() => createMessageObserver(client, schema, options));
  // After every commit, so the observer always holds this render's handler/select; never during render.
  useIsomorphicLayoutEffect(() => {
    observer.setOptions(client, schema, options);
  });
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
