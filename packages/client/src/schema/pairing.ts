import { type AnyMessageSchema, getMessageInfo, messageInfo, type WithResponse } from "./message-schema.ts";

/** Options of a request/response pairing (`withResponse`, `rpc`). */
export interface PairOptions {
  /**
   * The request is safe to send again (idempotent: a read, or a write keyed by the client);
   * used by retryable requests. @default false
   */
  retryable?: boolean;
}

/**
 * Pairs an existing request message schema with the response message schema that answers it,
 * once, so `client.request(Request, payload)`, `useRequest(Request, payload)`,
 * `useRequestMutation(Request)` infer the response and the server's `ctx.reply` is checked
 * against it. Works with any validator. Returns a new schema (the request schema with
 * `response` and the pairing in its message info); `request` itself is left unchanged.
 *
 * ```ts
 * const Calculate = withResponse(message("CALCULATE", { a: z.number() }), CalculateResult);
 * ```
 * @throws TypeError when either argument is not a schema made by `message()`.
 */
export function withResponse<S extends AnyMessageSchema, R extends AnyMessageSchema>(
  request: S,
  response: R,
  options?: PairOptions,
): WithResponse<S, R> {
  const info = messageInfo(request);
  if (!getMessageInfo(response)) {
    throw new TypeError(`typed-ws: withResponse(${info.type}, …): the response is not a schema made by message()`);
  }
  // A derived object: every property (validation, `.schema`, Zod/Valibot methods) is inherited.
  const paired = Object.create(request) as WithResponse<S, R>;
  // Not enumerable, not writable (defineProperties' defaults), like the brand of `message()`.
  return Object.defineProperties(paired, {
    "~typed-ws": { value: Object.freeze({ ...info, response, retryable: !!options?.retryable }) },
    response: { value: response },
  });
}

/**
 * Reads the arguments of `client.request(schema, …args)` in any of its forms:
 * `(payload, response, options?)`, `(response, options?)` for a schema without payload, or
 * `(payload?, options?)` for a paired schema. Returns `[payload, response, options]`; used by
 * `client.request` and the React hooks.
 * @throws TypeError when no response schema is given and `schema` is not paired with one.
 */
export function requestArgs<R extends AnyMessageSchema = AnyMessageSchema, O = unknown>(
  schema: AnyMessageSchema,
  args: readonly unknown[],
): [payload: unknown, response: R, options: O | undefined] {
  const [a, b, c] = args as [unknown, unknown, O | undefined];
  if (getMessageInfo(a)) return [undefined, a as R, b as O | undefined];
  if (getMessageInfo(b)) return [a, b as R, c];
  const info = messageInfo(schema);
  if (!info.response) {
    throw new TypeError(
      `request(${info.type}, …) needs a response schema: pass the response message after the payload, or pair the two once with rpc() or withResponse()`,
    );
  }
  return [a, info.response as R, b as O | undefined];
}
