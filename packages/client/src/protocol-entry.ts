/**
 * `@typed-ws/client/protocol`: the protocol rules both ends share, for servers
 * (`@typed-ws/server-bun`) and validator integrations — frame parsing, building and
 * serialisation, correlation ids, the `bearer.` subprotocol, error codes and errors, reserved
 * names, message-schema branding and (async) validation. Apps do not need it: `@typed-ws/client`
 * and its `/zod` and `/valibot` entries have everything a client uses. It does not include the
 * client runtime (`wsClient`).
 */

export type { ExpectedResponse, RequiredMetaSendOptions, SendArgs, SendOptions } from "./client/types.ts";
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
export type { FrameOptions, OutboundFrame } from "./frame.ts";
export { buildFrame } from "./frame.ts";
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
  BEARER_PROTOCOL_PREFIX,
  ErrorCodes,
  envelopeToMessage,
  isErrorType,
  isReservedType,
  MAX_CORRELATION_ID_LENGTH,
  ProtocolType,
  parseFrame,
  RESERVED_META_KEYS,
  readCorrelationId,
  readErrorPayload,
  serializeMessage,
  sniffCorrelationId,
  TopicFrameType,
} from "./protocol.ts";
export type { CreateMessageArgs, CreateMessageResult } from "./schema/create-message.ts";
export { createMessage } from "./schema/create-message.ts";
export type { ValidationIssue } from "./schema/issues.ts";
export { formatIssues, normalizeIssues } from "./schema/issues.ts";
export type {
  AnyMessageSchema,
  HasPayload,
  HasRequiredKeys,
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
  WithResponse,
} from "./schema/message-schema.ts";
export { assertMessageDefinition, brandMessageSchema, getMessageInfo, messageInfo } from "./schema/message-schema.ts";
export type { PairOptions } from "./schema/pairing.ts";
export { withResponse } from "./schema/pairing.ts";
export type { StandardSchemaV1 } from "./schema/standard.ts";
export type { ValidationResult } from "./schema/validate.ts";
export { validate, validateSync } from "./schema/validate.ts";
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
export { isTopic, MAX_TOPIC_LENGTH, topic } from "./topic/topic.ts";
