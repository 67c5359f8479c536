import type { AnyMessageSchema, InferPayloadInput, InferType } from "@typed-ws/client";
import { messageInfo } from "../deps.ts";

/** The first element of every query key typed-ws makes. */
export const REQUEST_KEY_ROOT = "typed-ws";

/** The key of every `useRequest` query of one message type: a prefix for filters. */
export type RequestTypeKey<S extends AnyMessageSchema> = readonly [typeof REQUEST_KEY_ROOT, InferType<S>];

/** The key of one `useRequest` query: message type and payload. */
export type RequestPayloadKey<S extends AnyMessageSchema> = readonly [
  typeof REQUEST_KEY_ROOT,
  InferType<S>,
  InferPayloadInput<S>,
];

/**
 * The TanStack query key `useRequest` uses, for `queryClient.setQueryData`,
 * `invalidateQueries`, `getQueryData`…
 *
 * - `requestKey(GetUser, { id })` → `["typed-ws", "GET_USER", { id }]`: exactly the query of
 *   `useRequest(GetUser, { id }, …)`.
 * - `requestKey(GetUser)` → `["typed-ws", "GET_USER"]`: a prefix matching every `GetUser` query
 *   (query filters match keys by prefix); for a schema without payload it is also the exact key.
 *
 * Keys are compared by TanStack's own hashing (object key order does not matter).
 * @throws TypeError when `schema` was not made by `message()`.
 */
export function requestKey<S extends AnyMessageSchema>(schema: S): RequestTypeKey<S>;
export function requestKey<S extends AnyMessageSchema>(schema: S, payload: InferPayloadInput<S>): RequestPayloadKey<S>;
export function requestKey<S extends AnyMessageSchema>(
  schema: S,
  payload?: InferPayloadInput<S>,
): RequestTypeKey<S> | RequestPayloadKey<S> {
  const type = messageInfo(schema).type as InferType<S>;
  return payload === undefined ? [REQUEST_KEY_ROOT, type] : [REQUEST_KEY_ROOT, type, payload];
}
