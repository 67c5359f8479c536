/**
 * `@typed-ws/client/valibot`: the typed-ws schema helpers built on Valibot 1, plus the client.
 *
 * ```ts
 * import { v, message, wsClient } from "@typed-ws/client/valibot";
 * const Ping = message("PING");
 * const Chat = message("CHAT", { text: v.pipe(v.string(), v.maxLength(500)) });
 * ```
 *
 * Tree-shakable: this module imports from Valibot by name only what it uses, in `@__PURE__`
 * calls, so an app's bundle holds the parts of Valibot the app uses.
 */
import {
  literal,
  maxLength,
  minValue,
  number,
  optional,
  picklist,
  pipe,
  record,
  strictObject,
  string,
  unknown,
} from "valibot";
import { valibotErrorCode, valibotErrorMessage, valibotMessageFactory, valibotRpcFactory } from "./schema/valibot.ts";

/** Valibot, re-exported so schemas and messages share one instance. */
export * as v from "valibot";
export type {
  ValibotBaseMetaEntries,
  ValibotEnvelopeEntries,
  ValibotErrorParts,
  ValibotMessageFactory,
  ValibotMessageParts,
  ValibotMessageSchema,
  ValibotMetaEntries,
  ValibotMetaSchema,
  ValibotRpc,
} from "./schema/valibot.ts";
/**
 * Builds these helpers on a Valibot namespace the app brings: `createMessageSchema(v)` →
 * `{ message, messageSchema, createMessage, rpc, ErrorMessage, ErrorCode }`.
 */
export { createMessageSchema } from "./schema/valibot.ts";

/**
 * Defines a message: `message(type, payloadEntries?, metaEntries?)` → a strict Valibot object schema of
 * the whole envelope, carrying its literal `type`. Declared meta fields become required.
 * @throws TypeError for an empty or reserved type, or a reserved meta key (`clientId`, `receivedAt`, `topic`, `offset`).
 */
export const message = /* @__PURE__ */ valibotMessageFactory({
  literal,
  maxLength,
  number,
  optional,
  pipe,
  strictObject,
  string,
});
/** Same as {@link message}; the name bun-ws-router used. */
export const messageSchema = message;
/**
 * Defines a request message paired with the response message that answers it:
 * `rpc("GET_USER", { id: v.string() }, "USER", { name: v.string() }, { retryable?: boolean })`.
 * Pass `undefined` for a side without payload. Returns the request schema; `.response` is the
 * response schema. `client.request(GetUser, { id })` then infers the response.
 * @throws TypeError for an empty or reserved type.
 */
export const rpc = /* @__PURE__ */ valibotRpcFactory(message);
/** The protocol's `ERROR` message schema: `{ code, message?, context?, retryAfterMs? }`. */
export const ErrorMessage = /* @__PURE__ */ valibotErrorMessage(
  { literal, maxLength, minValue, number, optional, picklist, pipe, record, strictObject, string, unknown },
  message,
);
/** The built-in error codes as a `v.picklist`. */
export const ErrorCode = /* @__PURE__ */ valibotErrorCode({ picklist });

export * from "./index.ts";
export type { CreateMessageArgs, CreateMessageResult } from "./schema/create-message.ts";
/** Validates a message on the client without sending it; returns `{ success, data | error }`, never throws. */
export { createMessage } from "./schema/create-message.ts";
export type { PairOptions } from "./schema/pairing.ts";
/**
 * Pairs a request schema with the response schema that answers it (any two `message()` schemas):
 * returns a derived request schema with `.response`; `Request` itself stays unpaired.
 * @throws TypeError when either is not a schema made by `message()`.
 */
export { withResponse } from "./schema/pairing.ts";
/** Declares a topic: a name pattern with `{params}` and the message schemas it carries (see `Topic`). */
export { topic } from "./topic/topic.ts";
