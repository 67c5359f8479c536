/**
 * The server side of topics: numbering and storing publications, delivering them (with
 * `meta.topic`/`meta.offset` to `$ws:subscribe` subscribers, plain to `ctx.subscribe` ones), and
 * attaching subscribers with recovery so that no publication is lost or doubled between reading
 * history and going live.
 *
 * Live delivery uses the router's PubSub under {@link wireTopic} names (Bun's native fan-out).
 * While a subscription is being attached it is "pending": publications delivered meanwhile are
 * buffered (or, once its history was sent, forwarded) in JS; it joins the native topic once every
 * offset it has seen has also been delivered live. With a synchronous store this all happens in
 * one turn and nothing is buffered.
 */
import type { AnyMessageSchema } from "@typed-ws/client/protocol";
import { messageInfo, serializeMessage, TopicFrameType } from "@typed-ws/client/protocol";
import type { Connection } from "../connection.ts";
import { createConnectionContext, sendError, sendFrame } from "../context.ts";
import { type RouterCore, reportError, warn } from "../core.ts";
import { encodeMessage } from "../outbound.ts";
import type { ServerSocket, WsData } from "../types.ts";
import type { ResolvedTopic, TopicDeclaration, TopicDeclarations } from "./declarations.ts";
import { type Since, wireTopic, withTopicMeta } from "./frames.ts";
import { type MaybePromise, NOT_HELD, type StoredPublication, type TopicPosition, type TopicStore } from "./store.ts";

type Conn<AppData> = Connection<WsData<AppData>>;

/** What publishing to a declared topic did. */
export interface TopicPublished {
  /** The concrete topic name. */
  readonly topic: string;
  readonly epoch: string;
  /** The offset the publication was given. */
  readonly offset: number;
  /** Connections it was handed to: `$ws:subscribe` subscribers plus `ctx.subscribe` ones (in this process). */
  readonly recipients: number;
}

/** One connection's subscription to one topic. */
interface Subscription<AppData> {
  readonly conn: Conn<AppData>;
  readonly state: TopicState<AppData>;
  /** Attached to the native wire topic. */
  live: boolean;
  /** Gone (unsubscribed, replaced, closed): late steps of its attach do nothing. */
  removed: boolean;
  /** Publications delivered while its history is read; undefined once its history was sent. */
  buffer: { offset: number; frame: string }[] | undefined;
  /** Highest offset sent to it (for a live one: when it went live). */
  lastSent: number;
  /** Every offset in (from, lastSent] was sent to the connection (by this subscription or the ones it replaced). */
  from: number;
  /** Offsets in (skipFrom, skipTo] already reached it live before a re-subscribe. */
  skipFrom: number;
  skipTo: number;
}

/** What the process knows about a topic with subscribers or publications in flight. */
interface TopicState<AppData> {
  readonly name: string;
  live: number;
  readonly pending: Set<Subscription<AppData>>;
  /** Appends started and not yet delivered (asynchronous stores only). */
  inflight: number;
  /** Highest offset delivered in this process. */
  delivered: number;
  /** Highest offset whose fan-out the runtime dropped for some subscriber. */
  lastDrop: number;
  /** Serializes appends of an asynchronous store, so delivery follows offset order. */
  chain: Promise<unknown> | undefined;
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** Runs `next` on a value or, when it is a promise, after it. */
function then<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromise(value) ? value.then(next) : next(value);
}

/** The topics machinery of one router. */
export class TopicHub<AppData> {
  readonly #core: RouterCore<AppData>;
  readonly declarations: TopicDeclarations<AppData>;
  readonly store: TopicStore;
  readonly #states = new Map<string, TopicState<AppData>>();
  readonly #subscriptions = new Map<Conn<AppData>, Map<string, Subscription<AppData>>>();
  /** Per connection, the topic request being handled asynchronously (requests run in arrival order). */
  readonly #ops = new Map<Conn<AppData>, Promise<void>>();

  constructor(core: RouterCore<AppData>, declarations: TopicDeclarations<AppData>, store: TopicStore) {
    this.#core = core;
    this.declarations = declarations;
    this.store = store;
  }

  /** Number of topics with subscribers or publications in flight (for tests and stats). */
  get activeTopics(): number {
    return this.#states.size;
  }

  /** Number of connections holding `$ws:subscribe` subscriptions. */
  get subscribedConnections(): number {
    return this.#subscriptions.size;
  }

  // ── publishing ──────────────────────────────────────────────────────────────

  /**
   * Numbers, stores and delivers a publication to a declared topic. Synchronous stores give a
   * plain result (delivery done); asynchronous ones a promise, delivery in offset order.
   * @throws TypeError when the topic does not declare the schema's message type.
   * @throws ValidationError when outbound validation is on and the message does not match.
   */
  publish(
    resolved: ResolvedTopic<AppData>,
    name: string,
    schema: AnyMessageSchema,
    payload: unknown,
    meta: object | undefined,
    exclude: ServerSocket | undefined,
  ): MaybePromise<TopicPublished> {
    const { declaration } = resolved;
    const { type } = messageInfo(schema);
    if (!declaration.types.has(type)) {
      throw new TypeError(
        `typed-ws: publish to "${name}": topic "${declaration.topic.pattern}" does not carry ${type}; declare it in topic("${declaration.topic.pattern}", [...])`,
      );
    }
    const frame = encodeMessage(schema, payload, withoutTopicKeys(meta), this.#core.runtime.validateOutbound);
    const appended = this.store.append(name, frame, declaration.history);
    if (!isPromise(appended)) return this.#deliver(name, frame, appended, exclude);
    const state = this.#state(name);
    state.inflight++;
    const previous = state.chain ?? Promise.resolve();
    const done = previous.then(
      () => appended,
      () => appended,
    );
    // The store may resolve appends out of order; delivery follows the chain, which follows offsets.
    const delivered = done
      .then((position) => this.#deliver(name, frame, position, exclude))
      .finally(() => {
        state.inflight--;
        this.#forgetIfIdle(state);
      });
    state.chain = delivered.catch(() => undefined);
    return delivered;
  }

  #deliver(name: string, frame: string, position: TopicPosition, exclude: ServerSocket | undefined): TopicPublished {
    const core = this.#core;
    const pubsub = core.runtime.pubsub;
    let recipients = 0;
    const state = this.#states.get(name);
    if (pubsub === undefined) {
      warn(core, `publish to "${name}" before the server started: stored as offset ${position.offset}, sent to no one`);
    } else {
      const plain = pubsub.publish(name, frame, exclude);
      recipients += plain.recipients;
      if (plain.dropped) core.stats.droppedPublishes++;
      if (state !== undefined) {
        const wire = withTopicMeta(frame, name, position.offset);
        if (state.live > 0) {
          const outcome = pubsub.publish(wireTopic(name), wire, exclude);
          recipients += outcome.recipients;
          if (outcome.dropped) {
            core.stats.droppedPublishes++;
            state.lastDrop = position.offset;
          }
        }
        for (const sub of state.pending) {
          if (sub.conn.ws !== exclude && this.#forward(sub, position.offset, wire)) recipients++;
        }
      }
    }
    if (state !== undefined) {
      state.delivered = Math.max(state.delivered, position.offset);
      for (const sub of state.pending) this.#goLiveIfCaughtUp(sub);
    }
    return { topic: name, epoch: position.epoch, offset: position.offset, recipients };
  }

  /** A publication reaching a pending subscription: buffered while its history is read, else sent once. */
  #forward(sub: Subscription<AppData>, offset: number, frame: string): boolean {
    if (sub.buffer !== undefined) {
      sub.buffer.push({ offset, frame });
      return true;
    }
    if (offset <= sub.lastSent) return false;
    sub.lastSent = offset;
    return sendFrame(this.#core, sub.conn.ws, frame) !== "dropped";
  }

  // ── subscribing ─────────────────────────────────────────────────────────────

  /**
   * Runs a connection's topic requests in arrival order: at once while nothing is pending,
   * otherwise after the one in progress.
   */
  run(conn: Conn<AppData>, op: () => MaybePromise<void>): void {
    const previous = this.#ops.get(conn);
    const result = previous === undefined ? op() : previous.then(op);
    if (!isPromise(result)) return;
    const tracked: Promise<void> = result.catch(noop).finally(() => {
      if (this.#ops.get(conn) === tracked) this.#ops.delete(conn);
    });
    this.#ops.set(conn, tracked);
  }

  /**
   * Handles a `$ws:subscribe` for a declared topic: `exists`, `authorize`, then attach with
   * recovery. Answers `$ws:subscribed` (then the recovered publications) or an `ERROR`.
   */
  subscribe(
    conn: Conn<AppData>,
    resolved: ResolvedTopic<AppData>,
    name: string,
    since: Since | undefined,
    correlationId: string | undefined,
  ): MaybePromise<void> {
    const { declaration, params } = resolved;
    const step = (run: () => MaybePromise<void>): MaybePromise<void> => {
      try {
        const result = run();
        return isPromise(result) ? result.catch((cause) => this.#failed(conn, name, correlationId, cause)) : result;
      } catch (cause) {
        this.#failed(conn, name, correlationId, cause);
      }
    };
    return step(() =>
      then(declaration.exists?.(params as never) ?? true, (exists) => {
        if (conn.signal.aborted) return;
        if (exists !== true) {
          return this.#refuse(conn, correlationId, "RESOURCE_NOT_FOUND", `No topic "${name.slice(0, 128)}"`);
        }
        const authorize = declaration.authorize;
        const allowed =
          authorize === undefined ? true : authorize(createConnectionContext(this.#core, conn), params as never);
        return then(allowed, (ok) => {
          if (conn.signal.aborted) return;
          if (ok !== true) {
            return this.#refuse(
              conn,
              correlationId,
              "AUTHORIZATION_FAILED",
              `Not allowed to subscribe to "${name.slice(0, 128)}"`,
            );
          }
          return this.#attach(conn, declaration, name, since, correlationId);
        });
      }),
    );
  }

  #attach(
    conn: Conn<AppData>,
    declaration: TopicDeclaration<AppData>,
    name: string,
    since: Since | undefined,
    correlationId: string | undefined,
  ): MaybePromise<void> {
    const state = this.#state(name);
    let subs = this.#subscriptions.get(conn);
    if (subs === undefined) {
      subs = new Map();
      this.#subscriptions.set(conn, subs);
      conn.signal.addEventListener("abort", () => this.release(conn), { once: true });
    }
    const sub: Subscription<AppData> = {
      conn,
      state,
      live: false,
      removed: false,
      buffer: [],
      lastSent: 0,
      from: 0,
      skipFrom: 0,
      skipTo: 0,
    };
    const previous = subs.get(name);
    if (previous !== undefined) {
      // A re-subscribe: what reached the connection live since it joined is not sent again.
      sub.skipFrom = previous.from;
      sub.skipTo = previous.live && state.lastDrop <= previous.lastSent ? state.delivered : previous.lastSent;
    }
    state.pending.add(sub);
    subs.set(name, sub);
    if (previous !== undefined) this.#detach(previous, true);

    const limits = declaration.history;
    return then(this.store.head(name), (head) => {
      if (sub.removed) return;
      const read = this.#recover(name, head, since, limits);
      return then(read, ({ recovered, replay }) => {
        if (sub.removed) return;
        const payload: Record<string, unknown> = { topic: name, epoch: head.epoch, offset: head.offset };
        if (since !== undefined) payload.recovered = recovered;
        const meta = correlationId === undefined ? {} : { correlationId };
        sendFrame(this.#core, conn.ws, serializeMessage(TopicFrameType.subscribed, meta, payload));
        for (const entry of replay) {
          if (entry.offset > sub.skipFrom && entry.offset <= sub.skipTo) continue;
          sendFrame(this.#core, conn.ws, withTopicMeta(entry.frame, name, entry.offset));
        }
        sub.lastSent = Math.max(head.offset, replay.at(-1)?.offset ?? 0);
        let from =
          replay.length > 0
            ? (replay[0] as StoredPublication).offset - 1
            : recovered
              ? (since?.offset ?? head.offset)
              : head.offset;
        if (from > sub.skipFrom && from <= sub.skipTo) from = sub.skipFrom;
        sub.from = from;
        const buffered = sub.buffer ?? [];
        sub.buffer = undefined;
        for (const { offset, frame } of buffered) this.#forward(sub, offset, frame);
        this.#goLiveIfCaughtUp(sub);
      });
    });
  }

  /** What to replay after `$ws:subscribed` (PROTOCOL.md, "Recovery"). */
  #recover(
    name: string,
    head: TopicPosition,
    since: Since | undefined,
    limits: TopicDeclaration<AppData>["history"],
  ): MaybePromise<{ recovered: boolean; replay: readonly StoredPublication[] }> {
    const none = { recovered: false, replay: [] };
    if (since === undefined) return none;
    if (since.epoch === head.epoch) {
      if (since.offset === head.offset) return { recovered: true, replay: [] };
      if (since.offset > head.offset) return none;
      return then(this.store.readAfter(name, head.epoch, since.offset, limits), (read) =>
        read === NOT_HELD ? none : { recovered: true, replay: read },
      );
    }
    // Another epoch: if the current one is held from offset 1, replay it all (a restart loses nothing after it).
    if (head.offset === 0) return none;
    return then(this.store.readAfter(name, head.epoch, 0, limits), (read) =>
      read === NOT_HELD ? none : { recovered: false, replay: read },
    );
  }

  /** Joins the native wire topic once every offset the subscription has seen was delivered live. */
  #goLiveIfCaughtUp(sub: Subscription<AppData>): void {
    const state = sub.state;
    if (sub.removed || sub.live || sub.buffer !== undefined) return;
    if (state.inflight > 0 && state.delivered < sub.lastSent) return;
    const pubsub = this.#core.runtime.pubsub;
    state.pending.delete(sub);
    sub.live = true;
    sub.lastSent = Math.max(sub.lastSent, state.delivered);
    state.live++;
    if (pubsub === undefined) sub.conn.ws.subscribe(wireTopic(state.name));
    else pubsub.subscribe(sub.conn.ws, wireTopic(state.name));
  }

  #refuse(
    conn: Conn<AppData>,
    correlationId: string | undefined,
    code: "RESOURCE_NOT_FOUND" | "AUTHORIZATION_FAILED",
    message: string,
  ): void {
    sendError(this.#core, conn, undefined, { code, message }, correlationId);
  }

  #failed(conn: Conn<AppData>, name: string, correlationId: string | undefined, cause: unknown): void {
    const sub = this.#subscriptions.get(conn)?.get(name);
    if (sub !== undefined && !sub.live) this.#detach(sub, false);
    if (conn.signal.aborted) return;
    sendError(
      this.#core,
      conn,
      undefined,
      { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" },
      correlationId,
    );
    reportError(this.#core, cause, {
      ws: conn.ws,
      phase: "handler",
      code: "INTERNAL_SERVER_ERROR",
      type: TopicFrameType.subscribe,
      correlationId,
    });
  }

  // ── unsubscribing and release ───────────────────────────────────────────────

  /** Handles `$ws:unsubscribe`: detaches when subscribed; always answers `$ws:unsubscribed`. */
  unsubscribe(conn: Conn<AppData>, name: string, correlationId: string | undefined): void {
    const sub = this.#subscriptions.get(conn)?.get(name);
    if (sub !== undefined) this.#detach(sub, false);
    const meta = correlationId === undefined ? {} : { correlationId };
    sendFrame(this.#core, conn.ws, serializeMessage(TopicFrameType.unsubscribed, meta, { topic: name }));
  }

  /** Forgets everything of a closed connection. */
  release(conn: Conn<AppData>): void {
    const subs = this.#subscriptions.get(conn);
    this.#subscriptions.delete(conn);
    this.#ops.delete(conn);
    if (subs === undefined) return;
    for (const sub of subs.values()) this.#detach(sub, true, true);
  }

  /** Removes a subscription; `replaced` keeps the connection's entry (a new one took its place). */
  #detach(sub: Subscription<AppData>, replaced: boolean, closed = false): void {
    if (sub.removed) return;
    sub.removed = true;
    const state = sub.state;
    state.pending.delete(sub);
    if (sub.live) {
      state.live--;
      if (!closed && sub.conn.ws.readyState === 1) {
        const pubsub = this.#core.runtime.pubsub;
        if (pubsub === undefined) sub.conn.ws.unsubscribe(wireTopic(state.name));
        else pubsub.unsubscribe(sub.conn.ws, wireTopic(state.name));
      }
    }
    if (!replaced) {
      const subs = this.#subscriptions.get(sub.conn);
      if (subs?.get(state.name) === sub) subs.delete(state.name);
      if (subs?.size === 0) this.#subscriptions.delete(sub.conn);
    }
    this.#forgetIfIdle(state);
  }

  // ── state ───────────────────────────────────────────────────────────────────

  #state(name: string): TopicState<AppData> {
    let state = this.#states.get(name);
    if (state === undefined) {
      state = { name, live: 0, pending: new Set(), inflight: 0, delivered: 0, lastDrop: 0, chain: undefined };
      this.#states.set(name, state);
    }
    return state;
  }

  #forgetIfIdle(state: TopicState<AppData>): void {
    if (state.live === 0 && state.pending.size === 0 && state.inflight === 0) this.#states.delete(state.name);
  }
}

function noop(): void {}

/** `meta` without `topic`/`offset`: the router sets those on topic publications. */
function withoutTopicKeys(meta: object | undefined): object | undefined {
  if (meta === undefined || !("topic" in meta || "offset" in meta)) return meta;
  const { topic: _topic, offset: _offset, ...rest } = meta as Record<string, unknown>;
  return rest;
}
