/**
 * `@typed-ws/client`: the validator-agnostic core — the client, its errors, Standard Schema
 * validation and the frame helpers it uses. Import `message()` from `@typed-ws/client/zod` or
 * `/valibot`; protocol constants and schema-authoring helpers for servers and validator
 * integrations are in `@typed-ws/client/protocol`.
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
export {
  envelopeToMessage,
  MAX_CORRELATION_ID_LENGTH,
  ProtocolType,
  parseFrame,
  readErrorPayload,
  serializeMessage,
} from "./protocol.ts";
export type { CreateMessageArgs, CreateMessageResult } from "./schema/create-message.ts";
export { createMessage } from "./schema/create-message.ts";
export type { ValidationIssue } from "./schema/issues.ts";
export { formatIssues, normalizeIssues } from "./schema/issues.ts";
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
export type { PairOptions } from "./schema/pairing.ts";
export { requestArgs, withResponse } from "./schema/pairing.ts";
export type { StandardSchemaV1 } from "./schema/standard.ts";
export type { ValidationResult } from "./schema/validate.ts";
export { validateSync } from "./schema/validate.ts";
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
