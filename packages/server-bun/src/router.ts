/** The router facade: registration of handlers, middleware and hooks, and server-side publish. */
import {
  type AnyMessageSchema,
  type AnyTopic,
  messageInfo,
  type TopicMessageSchema,
  type TopicRef,
} from "@typed-ws/client/protocol";
import { enableDirectZodValidation } from "@typed-ws/client/zod-direct";
import { createCore, type RouterCore, type RouterStats, warn } from "./core.ts";
import { publishMessage } from "./publish.ts";
import type { TopicOptions } from "./topics/declarations.ts";
import type { TopicPublished } from "./topics/hub.ts";
import { publishToRef, topicHub } from "./topics/index.ts";
import type { TopicStore } from "./topics/store.ts";
import type {
  CloseContext,
  ErrorHandler,
  MessageContext,
  MessageHandler,
  Middleware,
  OpenContext,
  PublishArgs,
  PublishOptions,
} from "./types.ts";

// Bun runs JavaScriptCore, where `/zod` message schemas validate ~40% cheaper through the direct
// checker (same results as Zod's); it does not import Zod, so Valibot-only servers load no Zod.
enableDirectZodValidation();

/**
 * A message router. Create with {@link createRouter}; run with `serve(router, options)` or
 * `createHandler(router, options)`. Registration methods return the router, so calls chain.
 */
export class Router<AppData extends object = Record<string, unknown>> {
  /** @internal The state shared with the dispatcher and the Bun adapter. */
  readonly core: RouterCore<AppData> = createCore<AppData>();

  /** Prefer {@link createRouter}. */
  constructor(options: RouterOptions = {}) {
    topicHub(this.core, options.topicStore);
  }

  /** Where declared topics' history lives (`RouterOptions.topicStore`). */
  get topicStore(): TopicStore {
    return topicHub(this.core).store;
  }

  /**
   * Declares a topic clients may subscribe to (`$ws:subscribe`), with its authorization and
   * history bounds. Publications to it (`router.publish(Room({ roomId }), …)`, or by name) are
   * numbered and kept in the router's `topicStore`.
   * @throws TypeError when `topic` was not made by `topic()` or its pattern is already declared.
   * @throws RangeError for a history bound that is not an integer ≥ 0.
   */
  topic<T extends AnyTopic>(topic: T, options: TopicOptions<AppData, T> = {}): this {
    topicHub(this.core).declarations.add(topic, options as TopicOptions<AppData>);
    return this;
  }

  /**
   * Handles messages of `schema`'s type. The handler gets a context typed from the schema
   * (`ctx.payload`, `ctx.meta`, `ctx.type`). One handler per type: registering again replaces it.
   * @throws TypeError when `schema` was not made by `message()`.
   */
  on<S extends AnyMessageSchema>(schema: S, handler: MessageHandler<AppData, S>): this {
    const { type } = messageInfo(schema);
    if (this.core.routes.has(type)) warn(this.core, `handler for "${type}" replaced`);
    this.core.routes.set(type, { schema, handler });
    return this;
  }

  /** Same as {@link Router.on}; the name bun-ws-router used. */
  onMessage<S extends AnyMessageSchema>(schema: S, handler: MessageHandler<AppData, S>): this {
    return this.on(schema, handler);
  }

  /** Adds global middleware: runs for every routed, validated message, in registration order. */
  use(middleware: Middleware<AppData>): this;
  /** Adds middleware for one message type: runs after the global middleware, before the handler. */
  use<S extends AnyMessageSchema>(schema: S, middleware: Middleware<AppData, MessageContext<AppData, S>>): this;
  use(
    schemaOrMiddleware: AnyMessageSchema | Middleware<AppData>,
    // biome-ignore lint/suspicious/noExplicitAny: implementation signature of the overloads
    middleware?: Middleware<AppData, any>,
  ): this {
    if (typeof schemaOrMiddleware === "function") {
      this.core.middleware.push(schemaOrMiddleware);
      return this;
    }
    if (middleware === undefined) throw new TypeError("typed-ws: router.use(schema, middleware) needs a middleware");
    const { type } = messageInfo(schemaOrMiddleware);
    const list = this.core.typeMiddleware.get(type) ?? [];
    list.push(middleware);
    this.core.typeMiddleware.set(type, list);
    return this;
  }

  /** Runs when a connection opens (after authentication). May be async; a throw goes to `onError`. */
  onOpen(handler: (ctx: OpenContext<AppData>) => unknown): this {
    this.core.openHandlers.push(handler);
    return this;
  }

  /** Runs when a connection closes, with the close code and reason. In-flight `ctx.signal`s are aborted first. */
  onClose(handler: (ctx: CloseContext<AppData>) => unknown): this {
    this.core.closeHandlers.push(handler);
    return this;
  }

  /**
   * Receives every failure: bad frames, validation failures, handler throws (the real error; the
   * client only gets a generic message), hook errors. Without a handler, handler and hook errors
   * are logged with `console.error`.
   */
  onError(handler: ErrorHandler<AppData>): this {
    this.core.errorHandlers.push(handler);
    return this;
  }

  /**
   * Publishes to a declared topic: gives the publication the topic's next offset, stores it in
   * the history, and sends it to the topic's `$ws:subscribe` subscribers (with `meta.topic` and
   * `meta.offset`) and to connections that joined with `ctx.subscribe(name)` (plain envelope).
   * Only messages the topic declares compile. With a synchronous store (memory, SQLite) all of
   * this is done when `publish` returns; the promise reports it.
   * @throws TypeError (synchronously) when the topic is not declared on this router or does not carry the message.
   * @throws ValidationError (synchronously) when outbound validation is on and the message does not match.
   */
  publish<T extends AnyTopic, S extends TopicMessageSchema<T>>(
    topic: TopicRef<T>,
    schema: S,
    ...args: PublishArgs<S>
  ): Promise<TopicPublished>;
  /**
   * Publishes a message to every subscriber of `topic`. Returns the number of subscribers it went
   * to: 0 when there are none, the server has not started, or the runtime dropped the frame
   * (counted in {@link Router.stats}). A name of a declared topic is published as the topic
   * (numbered and stored; 0 is returned with an asynchronous store).
   * @throws ValidationError when outbound validation is on and the message does not match.
   */
  publish<S extends AnyMessageSchema>(topic: string, schema: S, ...args: PublishArgs<S>): number;
  publish(topic: string | TopicRef, schema: AnyMessageSchema, ...args: unknown[]): number | Promise<TopicPublished> {
    const [payload, options] = args as [unknown, PublishOptions | undefined];
    if (typeof topic === "string") return publishMessage(this.core, topic, schema, payload, options, undefined);
    const published = publishToRef(this.core, "publish", topic, schema, payload, options?.meta);
    return published instanceof Promise ? published : Promise.resolve(published);
  }

  /** Counters: `droppedPublishes`, `droppedSends`. A live view; read it any time. */
  get stats(): Readonly<RouterStats> {
    return this.core.stats;
  }
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /**
   * Where declared topics number and keep their publications.
   * @default a `MemoryTopicStore` (history lost on restart: clients are told `recovered: false`)
   */
  topicStore?: TopicStore;
}

/**
 * Creates a router. `AppData` types `ctx.ws.data` (which always also has `clientId`).
 *
 * ```ts
 * const router = createRouter<{ userId?: string }>();
 * router.on(Ping, (ctx) => ctx.reply(Pong));
 * serve(router, { port: 3000 });
 * ```
 */
export function createRouter<AppData extends object = Record<string, unknown>>(
  options: RouterOptions = {},
): Router<AppData> {
  return new Router<AppData>(options);
}
