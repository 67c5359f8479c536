/**
 * A {@link TopicStore} that several server processes share (Redis): it numbers publications for
 * all of them and announces each one to every process, so `router.publish` on one process reaches
 * subscribers on all. The router notices such a store by its `listen` method.
 */
import { TypedWsError } from "@typed-ws/client/protocol";
import type { HistoryLimits, TopicPosition, TopicStore } from "./store.ts";

/** What a {@link SharedTopicStore} hands to the router of each process. */
export interface SharedTopicListener {
  /**
   * A numbered publication to a declared topic, from any process (this one too). Called in
   * offset order per topic. `origin` is what the publishing process passed to `append`.
   */
  publication(topic: string, frame: string, position: TopicPosition, origin: string): void;
  /** A publication to an undeclared topic name from another process (no offset, no history). */
  relayed(topic: string, frame: string): void;
}

/** A topic store shared by several processes; see the module comment. */
export interface SharedTopicStore extends TopicStore {
  /** False while the store is known to be unreachable (publishes by name are then refused at once). */
  readonly connected?: boolean;
  /**
   * Numbers, stores and announces a publication in one atomic step, so every process receives a
   * topic's publications in offset order. Delivery happens when the announcement comes back
   * through `listen` (also in the publishing process).
   * @throws (rejects) when the store cannot be reached: nothing was stored or announced.
   */
  append(topic: string, frame: string, limits: HistoryLimits, origin?: string): Promise<TopicPosition>;
  /**
   * Announces a publication to an undeclared topic name to the other processes (this one
   * delivers it itself). Rejects when the store cannot be reached.
   */
  relay(topic: string, frame: string): Promise<void>;
  /** Starts handing announcements to `listener`; returns a function that stops. */
  listen(listener: SharedTopicListener): () => void;
}

/** True when `store` is shared between processes (it has `listen`). */
export function isSharedTopicStore(store: TopicStore): store is SharedTopicStore {
  return typeof (store as Partial<SharedTopicStore>).listen === "function";
}

/**
 * A publication could not reach the shared topic store (Redis down or restarting): it was not
 * stored and not sent to anyone. `router.publish` rejects with it; a publish by name
 * (`ctx.publish`, `router.publish("name", …)`) throws it, so a request handler answers `ERROR`.
 * Retry once the store is back.
 */
export class TopicStoreUnavailableError extends TypedWsError {
  override name = "TopicStoreUnavailableError";
  /** The topic name published to. */
  readonly topic: string;
  constructor(topic: string, cause?: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    super(
      "TOPIC_STORE_UNAVAILABLE",
      `publish to "${topic.slice(0, 128)}": the shared topic store (Redis) is unreachable${reason}; nothing was stored or sent — retry when it is back`,
      cause === undefined ? undefined : { cause },
    );
    this.topic = topic;
  }
}
