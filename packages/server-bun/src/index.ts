/**
 * `@typed-ws/server-bun`: a Bun WebSocket router speaking the typed-ws protocol, validating with
 * the same Zod or Valibot message schemas as the client (through Standard Schema).
 * Import `message()` and `z`/`v` from `@typed-ws/server-bun/zod` or `/valibot`; the SQLite stores
 * (which import `bun:sqlite`) from `@typed-ws/server-bun/sqlite`, the Redis ones from `/redis`.
 */

export { RequestAbortedError } from "./connection.ts";
export type { RouterStats } from "./core.ts";
export { ANONYMOUS, identityOf } from "./dedupe/dedupe.ts";
export type { MemoryRequestStoreOptions } from "./dedupe/memory-store.ts";
export { ANSWER_OVERHEAD_BYTES, DEFAULT_MAX_ANSWER_BYTES, MemoryRequestStore } from "./dedupe/memory-store.ts";
export { publishNow } from "./dedupe/publish-now.ts";
export type { RequestClaim, RequestStore, RequestStoreOptions } from "./dedupe/store.ts";
export { DEFAULT_CLAIM_MS, DEFAULT_REMEMBER_MS } from "./dedupe/store.ts";
export { AuthenticationTimeoutError, DuplicateReplyError, UnansweredRequestError } from "./errors.ts";
export type { BunHandler, HandlerOptions } from "./handler.ts";
export { createHandler } from "./handler.ts";
export type { BunTopicServer, PublishOutcome, PubSub } from "./pubsub.ts";
export { BunPubSub } from "./pubsub.ts";
export type { RateLimitOptions } from "./rate-limit.ts";
export type { RouterOptions } from "./router.ts";
export { createRouter, Router } from "./router.ts";
export type { ServeOptions } from "./serve.ts";
export { serve } from "./serve.ts";
export type { ResolvedTopic, TopicDeclaration, TopicOptions } from "./topics/declarations.ts";
export type { TopicPublished } from "./topics/hub.ts";
export type { MemoryTopicStoreOptions } from "./topics/memory-store.ts";
export { MemoryTopicStore } from "./topics/memory-store.ts";
export type { SharedTopicListener, SharedTopicStore } from "./topics/shared-store.ts";
export { isSharedTopicStore, TopicStoreUnavailableError } from "./topics/shared-store.ts";
export type {
  HistoryLimits,
  MaybePromise,
  StoreClockOption,
  StoredPublication,
  TopicPosition,
  TopicStore,
} from "./topics/store.ts";
export { DEFAULT_HISTORY, NOT_HELD } from "./topics/store.ts";
export type {
  AnyMessageContext,
  AuthenticateErrorInfo,
  CloseContext,
  ConnectionContext,
  ErrorHandler,
  ErrorInfo,
  ErrorOptions,
  ErrorPhase,
  MessageContext,
  MessageContextBase,
  MessageHandler,
  Middleware,
  Next,
  OpenContext,
  PublishArgs,
  PublishOptions,
  SendStatus,
  ServerSocket,
  SocketErrorInfo,
  WsData,
} from "./types.ts";
export type { Authenticate, AuthResult } from "./upgrade.ts";
export { bearerProtocol, readAccessToken } from "./upgrade.ts";
