"use client";
import type { WsClient } from "@typed-ws/client";
import { useWsClient } from "../context.ts";

/** The typed `send` function `useSend` returns: `send(Schema, payload?, options?)`. */
export type SendFunction = WsClient["send"];

/**
 * A stable, typed `send(Schema, payload?, options?)` bound to the provider's client: the same
 * function on every render (while the client is the same), safe in effect dependencies.
 * Validates before sending; while not open, messages wait in the client's offline queue.
 * The returned function throws `ValidationError` for an invalid message (nothing is sent) and
 * `LimitExceededError` when the queue is full with overflow policy `reject`.
 */
export function useSend(): SendFunction {
  // WsClient methods are detachable, and `send` is the same function for the client's lifetime.
  return useWsClient().send;
}
