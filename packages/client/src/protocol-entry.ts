/**
 * `@typed-ws/client/protocol`: the wire protocol and schema-authoring helpers for servers
 * (`@typed-ws/server-bun`) and validator integrations — frame parsing and serialisation, error
 * codes, reserved names, message-schema branding and (async) validation. Apps do not need it:
 * `@typed-ws/client` and its `/zod` and `/valibot` entries have everything a client uses.
 */
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
  ErrorCodes,
  envelopeToMessage,
  isErrorType,
  isReservedType,
  MAX_CORRELATION_ID_LENGTH,
  ProtocolType,
  parseFrame,
  RESERVED_META_KEYS,
  readErrorPayload,
  serializeMessage,
  TopicFrameType,
} from "./protocol.ts";
export type { ValidationIssue } from "./schema/issues.ts";
export { formatIssues, normalizeIssues } from "./schema/issues.ts";
export type { MessageSchemaInfo } from "./schema/message-schema.ts";
export { assertMessageDefinition, brandMessageSchema, getMessageInfo, messageInfo } from "./schema/message-schema.ts";
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
