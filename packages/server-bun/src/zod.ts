/**
 * `@typed-ws/server-bun/zod`: the router plus the Zod message helpers of `@typed-ws/client/zod`,
 * so server code needs one import:
 *
 * ```ts
 * import { z, message, createRouter } from "@typed-ws/server-bun/zod";
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
  withResponse,
  z,
} from "@typed-ws/client/zod";
export * from "./index.ts";
