import type { ServerError } from "../errors.ts";
import type { AnyTopic, InferTopicMessage } from "../topic/topic.ts";

/** Where a topic subscription is: waiting for `$ws:subscribed` (also while offline), live, or refused. */
export type TopicSubscriptionState = "subscribing" | "active" | "error";

/** Where a publication sits in its topic, passed to `onMessage` beside the message. */
export interface PublicationInfo {
  /** The concrete topic name, e.g. `"room:general"`. */
  readonly topic: string;
  readonly epoch: string;
  readonly offset: number;
  /** It came from the topic's history after a (re)subscribe, not live. */
  readonly replayed: boolean;
}

/** A `$ws:subscribed` answer: after the first subscribe and after every restore or gap fill. */
export interface TopicSubscribed {
  readonly topic: string;
  readonly epoch: string;
  /** The topic's latest offset when the server answered. */
  readonly offset: number;
  /**
   * `undefined` on a first subscribe (nothing to recover); `true` when every publication missed
   * follows (each once, in order); `false` when some are lost: what the app shows of this topic
   * may be stale — refetch it. After a server restart with a new epoch, the new epoch's
   * publications may still follow (with `replayed: true`).
   */
  readonly recovered: boolean | undefined;
  /**
   * How many publications this client missed that now follow from history: exact when
   * `recovered` is true, 0 on a first subscribe, `undefined` when `recovered` is false.
   */
  readonly missed: number | undefined;
}

/** A topic answered `recovered: false` (see {@link TopicSubscribed.recovered}). */
export interface TopicReset {
  readonly topic: string;
  readonly epoch: string;
  readonly offset: number;
}

/** Options of `subscribe(client, ref, options)` (`@typed-ws/client/topics`). */
export interface SubscribeOptions<T extends AnyTopic> {
  /**
   * Called once per publication, in offset order, with the validated message (the union of the
   * topic's messages, narrowable by `type`; `meta` without `topic`/`offset`) and its position.
   */
  onMessage?: (message: InferTopicMessage<T>, info: PublicationInfo) => void;
  /** Called on every `$ws:subscribed` answer; `recovered: false` means the app should refetch. */
  onSubscribed?: (event: TopicSubscribed) => void;
}

/**
 * A handle on a topic subscription, returned by `subscribe(client, ref)`. Subscribers of one topic
 * name share one wire subscription; its state, epoch and offset are the shared ones.
 */
export interface TopicSubscription<T extends AnyTopic = AnyTopic> {
  /** The concrete topic name. */
  readonly topic: string;
  readonly state: TopicSubscriptionState;
  /** The topic's epoch, once answered. */
  readonly epoch: string | undefined;
  /** The last offset delivered (or the head when subscribed, before any publication). */
  readonly offset: number;
  /** Why it was refused (state `"error"`). */
  readonly error: ServerError | undefined;
  /**
   * Resolves when the subscription is first active. Rejects with a `ServerError` when the server
   * refuses it (`AUTHORIZATION_FAILED`, `RESOURCE_NOT_FOUND`, …; it is then not retried), or with
   * `ConnectionClosedError` when the client is closed first.
   */
  readonly ready: Promise<void>;
  /** Calls `listener` whenever state, epoch or offset changes; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /**
   * Stops this subscriber (idempotent). When it was the topic's last one, the client sends
   * `$ws:unsubscribe` (at the end of the current task, so an immediate re-subscribe keeps the
   * wire subscription).
   */
  unsubscribe(): void;
  /** Type marker only. */
  readonly "~topic"?: T;
}
