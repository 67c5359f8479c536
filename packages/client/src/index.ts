/**
 * `@typed-ws/client`: the validator-agnostic core — the client, its errors and the inference
 * types. Import the schema helpers (`message()`, `rpc()`, `withResponse()`, `topic()`,
 * `createMessage()`) from `@typed-ws/client/zod` or `/valibot`.
 * The protocol rules both ends share (frame parsing and building, correlation ids, validation,
 * schema-authoring helpers) live once, in `@typed-ws/client/protocol`. Topic subscriptions are
 * opt-in: `subscribe(client, ref)` from `@typed-ws/client/topics`.
 */
export { wsClient } from "./client/client.ts";
export type {
  AuthOptions,
  ClientErrorEvent,
  Clock,
  CloseInfo,
  ConnectionState,
  ConnectionStatus,
  ExpectedResponse,
  ExplicitRequestArgs,
  HeartbeatOptions,
  LifecycleSource,
  MessageHandler,
  NoSuchForm,
  OverflowPolicy,
  PairedRequestArgs,
  PairedSchema,
  PayloadlessRequestArgs,
  QueueOptions,
  ReconnectOptions,
  RequestError,
  RequestOptions,
  RequiredMetaSendOptions,
  SendArgs,
  SendOptions,
  SocketCloseEvent,
  SocketHandler,
  UrlAttempt,
  UrlFunction,
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
  AnyRequestSchema,
  HasPayload,
  InferMessage,
  InferMessageInput,
  InferMeta,
  InferMetaInput,
  InferPayload,
  InferPayloadInput,
  InferResponse,
  InferType,
  MessageSchema,
  MessageSchemaInfo,
  RequestSchemaInfo,
  WithResponse,
} from "./schema/message-schema.ts";
export { getMessageInfo, messageInfo } from "./schema/message-schema.ts";
export { requestArgs } from "./schema/pairing.ts";
export type { StandardSchemaV1 } from "./schema/standard.ts";
export type { ValidationResult } from "./schema/validate.ts";
export type {
  AnyTopic,
  InferTopicMessage,
  InferTopicParams,
  Topic,
  TopicMessageSchema,
  TopicParamNames,
  TopicParams,
  TopicRef,
} from "./topic/topic.ts";
