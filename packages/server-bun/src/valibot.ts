/**
 * `@typed-ws/server-bun/valibot`: the router plus the Valibot message helpers of
 * `@typed-ws/client/valibot`, so server code needs one import:
 *
 * ```ts
 * import { v, message, createRouter } from "@typed-ws/server-bun/valibot";
 * ```
 */
export {
  createMessage,
  createMessageSchema,
  ErrorCode,
  ErrorMessage,
  message,
  messageSchema,
  rpc,
  topic,
  v,
  withResponse,
} from "@typed-ws/client/valibot";
export * from "./index.ts";
