/**
 * `@typed-ws/client/topics`: topic subscriptions (PROTOCOL.md, "Topics"), opt-in — an app that
 * never imports this entry does not bundle them.
 *
 * ```ts
 * import { subscribe } from "@typed-ws/client/topics";
 * const room = subscribe(client, Room({ roomId: "general" }), { onMessage: (msg) => show(msg) });
 * ```
 */
import { extend } from "./client/extensions.ts";
import type { WsClient } from "./client/types.ts";
import type { SubscribeOptions, TopicReset, TopicSubscription } from "./topic/subscription-types.ts";
import { createSubscriptions, type SubscriptionManager } from "./topic/subscriptions.ts";
import type { AnyTopic, TopicRef } from "./topic/topic.ts";

export type {
  PublicationInfo,
  SubscribeOptions,
  TopicReset,
  TopicSubscribed,
  TopicSubscription,
  TopicSubscriptionState,
} from "./topic/subscription-types.ts";
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

/** The client's subscriptions, attached on first use (once per client). */
const topicsOf = (client: WsClient): SubscriptionManager => extend(client, createSubscriptions, createSubscriptions);

/**
 * Subscribes `client` to a topic (`$ws:subscribe`): `subscribe(client, Room({ roomId }), { onMessage })`.
 * The client restores it after every reconnect (before retried requests and queued sends) with
 * what was published meanwhile, delivers each publication once, in order, and also to `on()`
 * handlers of its type. Subscribers of one topic name share one wire subscription. An `idle`
 * client with `autoConnect` (the default) connects.
 * @throws TypeError when `topic` is not a reference made by a `topic()` declaration, or `client`
 * was not made by `wsClient()`.
 */
export function subscribe<T extends AnyTopic>(
  client: WsClient,
  topic: TopicRef<T>,
  options: SubscribeOptions<T> = {},
): TopicSubscription<T> {
  return topicsOf(client).subscribe(topic, options as SubscribeOptions<AnyTopic>) as TopicSubscription<T>;
}

/**
 * Calls `listener` when a restored topic of `client` answers `recovered: false`: publications
 * were lost, so refetch what shows it. Returns an unsubscribe.
 * @throws TypeError when `client` was not made by `wsClient()`.
 */
export function onTopicReset(client: WsClient, listener: (event: TopicReset) => void): () => void {
  return topicsOf(client).resets.add(listener);
}
