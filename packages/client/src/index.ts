/**
 * `@typed-ws/client`: the validator-agnostic core — the client, its errors and the inference
 * types. Import `message()` and `createMessage()` from `@typed-ws/client/zod` or `/valibot`.
 * The protocol rules both ends share (frame parsing and building, correlation ids, validation,
 * schema-authoring helpers) live once, in `@typed-ws/client/protocol`.
 */
export { wsClient } from "./client/client.ts";
export type {
  AuthOptions,
  ClientErrorEvent,
  Clock,
  CloseInfo,
  ConnectionState,
  ConnectionStatus,
  HeartbeatOptions,
  LifecycleSource,
  MessageHandler,
  OverflowPolicy,
  QueueOptions,
  ReconnectOptions,
  RequestError,
  RequestOptions,
  RequiredMetaSendOptions,
  SendArgs,
  SendOptions,
  SocketCloseEvent,
  SocketHandler,
  WebSocketConstructor,
  WebSocketLike,
  WsClient,
  WsClientOptions,
} from "./client/types.ts";
export {
  AbortError,
  ConnectionClosedError,
  LimitExceededError,
  ProtocolError,
  ServerError,
  TimeoutError,
  TypedWsError,
  ValidationError,
} from "./errors.ts";
export type {
  BaseMeta,
  BuiltInErrorCode,
  Envelope,
  ErrorCodeString,
  ErrorPayload,
  FrameProblem,
  ParsedFrame,
} from "./protocol.ts";
export { ProtocolType } from "./protocol.ts";
export type { ValidationIssue } from "./schema/issues.ts";
export type {
  AnyMessageSchema,
  HasPayload,
  InferMessage,
  InferMessageInput,
  InferMeta,
  InferMetaInput,
  InferPayload,
  InferPayloadInput,
  InferType,
  MessageSchema,
  MessageSchemaInfo,
} from "./schema/message-schema.ts";
export { getMessageInfo, messageInfo } from "./schema/message-schema.ts";
export type { StandardSchemaV1 } from "./schema/standard.ts";
export type { ValidationResult } from "./schema/validate.ts";
