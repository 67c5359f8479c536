/**
 * `@typed-ws/client/zod`: the typed-ws schema helpers built on Zod 4, plus the client.
 *
 * ```ts
 * import { z, message, wsClient } from "@typed-ws/client/zod";
 * const Ping = message("PING");
 * const Chat = message("CHAT", { text: z.string().max(500) });
 * ```
 *
 * Tree-shakable: this module imports from Zod by name only what it uses, and builds everything at
 * first use or in `@__PURE__` calls, so an app's bundle holds the parts of Zod the app uses
 * (no locales, no unused schema types).
 */
import { literal, number, object, record, strictObject, string, unknown, enum as zodEnum } from "zod";
import { zodErrorCode, zodErrorMessage, zodMessageFactory, zodRpcFactory } from "./schema/zod.ts";

export { z } from "zod";
export type {
  ZodBaseMetaShape,
  ZodEnvelopeShape,
  ZodErrorParts,
  ZodMessageFactory,
  ZodMessageParts,
  ZodMessageSchema,
  ZodMetaSchema,
  ZodMetaShape,
  ZodRpc,
} from "./schema/zod.ts";
/**
 * Builds these helpers on a Zod instance the app brings: `createMessageSchema(z)` →
 * `{ message, messageSchema, createMessage, rpc, ErrorMessage, ErrorCode }`.
 */
export { createMessageSchema } from "./schema/zod.ts";

/**
 * Defines a message: `message(type, payloadShape?, metaShape?)` → a strict Zod object schema of
 * the whole envelope, carrying its literal `type`. Declared meta fields become required.
 * @throws TypeError for an empty or reserved type, or a reserved meta key (`clientId`, `receivedAt`, `topic`, `offset`).
 */
export const message = /* @__PURE__ */ zodMessageFactory({ literal, number, object, strictObject, string });
/** Same as {@link message}; the name bun-ws-router used. */
export const messageSchema = message;
/**
 * Defines a request message paired with the response message that answers it:
 * `rpc("GET_USER", { id: z.string() }, "USER", { name: z.string() }, { retryable?: boolean })`.
 * Pass `undefined` for a side without payload. Returns the request schema; `.response` is the
 * response schema. `client.request(GetUser, { id })` then infers the response.
 * @throws TypeError for an empty or reserved type.
 */
export const rpc = /* @__PURE__ */ zodRpcFactory(message);
/** The protocol's `ERROR` message schema: `{ code, message?, context?, retryAfterMs? }`. */
export const ErrorMessage = /* @__PURE__ */ zodErrorMessage(
  { literal, number, object, strictObject, string, enum: zodEnum, record, unknown },
  message,
);
/** The built-in error codes as a `z.enum`. */
export const ErrorCode = /* @__PURE__ */ zodErrorCode({ enum: zodEnum });

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
