import type { ExtensionCore } from "../client/extensions.ts";
import { createListeners, type Listeners } from "../client/listeners.ts";
import { serverErrorFrom } from "../client/requests.ts";
import { ServerError, ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage, isErrorType, serializeMessage, TopicFrameType } from "../protocol.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";
import type { SubscribeOptions, TopicReset, TopicSubscribed, TopicSubscription } from "./subscription-types.ts";
import type { AnyTopic, TopicRef } from "./topic.ts";

/**
 * The `$ws:subscribe` subscriptions of one client (see {@link createSubscriptions}); attached to
 * the client through its extension seam (`opened`, `lost`, `handle` are the seam's hooks).
 */
export interface SubscriptionManager {
  /**
   * Adds a subscriber to a topic. The first one for a name subscribes on the wire (now when
   * open, else on the next open); more share that subscription. An `idle` client with
   * `autoConnect` connects.
   * @throws TypeError when `ref` is not a topic made by `topic()`.
   */
  subscribe(ref: TopicRef, options: SubscribeOptions<AnyTopic>): TopicSubscription<AnyTopic>;
  /** Takes topic answers and publications (`meta.topic`/`meta.offset`); returns whether it took the frame. */
  handle(envelope: Envelope): boolean;
  /** A socket opened: re-subscribes every topic, with `since` where one was seen. Runs before any flush. */
  opened(): void;
  /** The socket dropped (`final`: the client stopped); subscriptions wait for the next open. */
  lost(error: Error, final: boolean): void;
  /** `recovered: false` answers, for `onTopicReset(client, listener)`. */
  readonly resets: Listeners<TopicReset>;
}

type Listener = () => void;

/** One subscriber: a handle with its own callbacks on a shared wire subscription. */
interface View {
  readonly options: SubscribeOptions<AnyTopic>;
  readonly listeners: Set<Listener>;
  settle?: { resolve(): void; reject(error: unknown): void };
}

/** One topic name's wire subscription, shared by its views. */
interface Entry {
  readonly name: string;
  readonly topic: AnyTopic;
  readonly schemas: Map<string, AnyMessageSchema>;
  readonly views: Set<View>;
  state: TopicSubscription["state"];
  error: ServerError | undefined;
  epoch: string | undefined;
  /** The last offset delivered (0: none in this epoch). */
  offset: number;
  /** After `recovered: false` on a new epoch: the head, in case no replay from 1 follows. */
  alt: number | undefined;
  /** Offsets up to this came from history. */
  replayUntil: number;
  /** The `since` of the subscribe in flight. */
  since: { epoch: string; offset: number } | undefined;
  /** The correlation id of the subscribe in flight. */
  asking: string | undefined;
  gone: boolean;
}

const REFUSED = "$ws:subscribe";

/**
 * Topic subscriptions (PROTOCOL.md, "Topics"): one wire subscription per topic name however many
 * subscribers, restored after every open with `since`; each offset delivered once and in order
 * (duplicates dropped, a skipped offset re-subscribes); refusals end the subscription.
 */
export function createSubscriptions({
  send,
  autoConnect,
  handlers,
  reportError,
  newCorrelationId,
}: ExtensionCore): SubscriptionManager {
  /** Sends a protocol frame if open; returns false (nothing sent, nothing queued) otherwise. */
  const sendControl = (data: string) => send({ type: TopicFrameType.subscribe, data });
  const entries = new Map<string, Entry>();
  /** Correlation id → the entry it asks for (answers of released entries are swallowed). */
  const asked = new Map<string, Entry>();
  const resets = createListeners<TopicReset>((error) =>
    reportError({ kind: "handler-error", error, messageType: "onTopicReset" }),
  );

  const notify = (entry: Entry) => {
    for (const view of entry.views) for (const listener of [...view.listeners]) listener();
  };
  const call = (entry: Entry, run: (view: View) => void) => {
    for (const view of [...entry.views]) {
      try {
        run(view);
      } catch (error) {
        reportError({ kind: "handler-error", error, messageType: entry.name });
      }
    }
  };

  function ask(entry: Entry): void {
    const since = entry.epoch === undefined ? undefined : { epoch: entry.epoch, offset: entry.offset };
    const correlationId = newCorrelationId();
    const payload = since ? { topic: entry.name, since } : { topic: entry.name };
    if (!sendControl(serializeMessage(TopicFrameType.subscribe, { correlationId }, payload))) return;
    if (entry.asking !== undefined) asked.delete(entry.asking);
    entry.asking = correlationId;
    entry.since = since;
    asked.set(correlationId, entry);
  }

  function release(entry: Entry): void {
    if (entry.views.size > 0 || entry.gone) return;
    entry.gone = true;
    if (entries.get(entry.name) === entry) entries.delete(entry.name);
    if (entry.state === "error" || (entry.asking === undefined && entry.epoch === undefined)) return;
    const correlationId = newCorrelationId();
    if (sendControl(serializeMessage(TopicFrameType.unsubscribe, { correlationId }, { topic: entry.name }))) {
      asked.set(correlationId, entry);
    }
  }

  function answered(entry: Entry, payload: Record<string, unknown>): void {
    const { epoch, offset, recovered } = payload;
    if (typeof epoch !== "string" || !Number.isSafeInteger(offset) || (offset as number) < 0) {
      entry.asking = undefined;
      fail(entry, new ServerError("INVALID_MESSAGE_FORMAT", `$ws:subscribed for "${entry.name}" without epoch/offset`));
      return;
    }
    const head = offset as number;
    const since = entry.since;
    const missed = since === undefined ? 0 : recovered === true ? Math.max(0, head - entry.offset) : undefined;
    entry.asking = undefined;
    entry.since = undefined;
    entry.alt = undefined;
    if (since === undefined) entry.offset = head;
    else if (recovered !== true) {
      if (epoch !== since.epoch) {
        // A replay of the new epoch from offset 1 may follow, or nothing (then live goes on from the head).
        entry.offset = 0;
        entry.alt = head;
      } else entry.offset = head;
    }
    entry.epoch = epoch;
    entry.replayUntil = head;
    entry.state = "active";
    entry.error = undefined;
    const event: TopicSubscribed = {
      topic: entry.name,
      epoch,
      offset: head,
      recovered: since === undefined ? undefined : recovered === true,
      missed,
    };
    for (const view of entry.views) view.settle?.resolve();
    notify(entry);
    call(entry, (view) => view.options.onSubscribed?.(event));
    if (event.recovered === false) resets.emit({ topic: entry.name, epoch, offset: head });
  }

  function fail(entry: Entry, error: ServerError): void {
    entry.state = "error";
    entry.error = error;
    if (entries.get(entry.name) === entry) entries.delete(entry.name); // not retried
    for (const view of entry.views) view.settle?.reject(error);
    notify(entry);
    reportError({ kind: "server-error", error });
  }

  function publication(entry: Entry, envelope: Envelope, offset: number): void {
    if (entry.epoch === undefined || entry.state === "error" || offset <= entry.offset) return; // duplicate or stale
    if (offset !== entry.offset + 1) {
      if (offset !== (entry.alt ?? -1) + 1) {
        if (entry.asking === undefined) ask(entry); // a gap: the re-subscribe replays it
        return;
      }
      entry.offset = entry.alt as number;
    }
    entry.alt = undefined;
    entry.offset = offset;
    const { topic: _topic, offset: _offset, ...meta } = envelope.meta;
    const clean: Envelope = { ...envelope, meta };
    const { type } = envelope;
    const schema = entry.schemas.get(type);
    const result = schema
      ? validateSync(schema, envelopeToMessage(clean))
      : { success: false as const, issues: [{ path: ["type"], message: `not a message of topic "${entry.name}"` }] };
    if (!result.success) {
      reportError({ kind: "invalid-message", error: new ValidationError(type, "inbound", result.issues), envelope });
    } else {
      const info = { topic: entry.name, epoch: entry.epoch, offset, replayed: offset <= entry.replayUntil };
      call(entry, (view) => view.options.onMessage?.(result.value as never, info));
      handlers.dispatch(clean, reportError);
    }
    notify(entry);
  }

  function handleOf(entry: Entry, view: View, ready: Promise<void>): TopicSubscription<AnyTopic> {
    return {
      topic: entry.name,
      get state() {
        return entry.state;
      },
      get epoch() {
        return entry.epoch;
      },
      get offset() {
        return entry.offset;
      },
      get error() {
        return entry.error;
      },
      ready,
      onChange(listener) {
        const own = () => listener();
        view.listeners.add(own);
        return () => view.listeners.delete(own);
      },
      unsubscribe() {
        if (!entry.views.delete(view)) return;
        view.settle = undefined;
        view.listeners.clear();
        // Later in this task: a StrictMode remount (or a re-render) that subscribes again keeps the wire subscription.
        queueMicrotask(() => release(entry));
      },
    };
  }

  return {
    subscribe(ref, options) {
      const topic = ref?.topic;
      if (typeof topic?.match !== "function" || typeof ref.name !== "string") {
        throw new TypeError(
          "typed-ws: subscribe() expects a topic reference, e.g. subscribe(client, Room({ roomId }), …)",
        );
      }
      let entry = entries.get(ref.name);
      if (entry === undefined) {
        entry = {
          name: ref.name,
          topic,
          schemas: new Map(topic.messages.map((schema: AnyMessageSchema) => [messageInfo(schema).type, schema])),
          views: new Set(),
          state: "subscribing",
          error: undefined,
          epoch: undefined,
          offset: 0,
          alt: undefined,
          replayUntil: 0,
          since: undefined,
          asking: undefined,
          gone: false,
        };
        entries.set(ref.name, entry);
        ask(entry);
      }
      const view: View = { options, listeners: new Set() };
      const ready = new Promise<void>((resolve, reject) => {
        view.settle = { resolve, reject };
      });
      ready.catch(() => {}); // a refusal nobody awaits is not an unhandled rejection
      if (entry.state === "active") view.settle?.resolve();
      entry.views.add(view);
      // Like a first send or request: an idle client with autoConnect connects (it subscribes on open).
      autoConnect();
      return handleOf(entry, view, ready);
    },

    handle(envelope) {
      const { type, meta } = envelope;
      const id = meta.correlationId;
      const entry = typeof id === "string" ? asked.get(id) : undefined;
      if (entry !== undefined) {
        asked.delete(id as string);
        if (entry.gone || entry.asking !== id) return true; // released, or superseded by a newer subscribe
        if (type === TopicFrameType.subscribed) answered(entry, (envelope.payload ?? {}) as Record<string, unknown>);
        else if (isErrorType(type)) {
          entry.asking = undefined;
          fail(entry, serverErrorFrom(envelope, REFUSED));
        } else return false;
        return true;
      }
      if (type === TopicFrameType.unsubscribed) return true;
      const { topic, offset } = meta;
      if (typeof topic !== "string" || !Number.isSafeInteger(offset)) return false;
      const target = entries.get(topic);
      if (target !== undefined) publication(target, envelope, offset as number);
      return true;
    },

    opened() {
      for (const entry of entries.values()) ask(entry);
    },

    lost(error, final) {
      asked.clear();
      for (const entry of entries.values()) {
        entry.asking = undefined;
        entry.since = undefined;
        if (entry.state !== "subscribing") {
          entry.state = "subscribing";
          notify(entry);
        }
        if (final) for (const view of entry.views) view.settle?.reject(error);
      }
    },
    resets,
  };
}
