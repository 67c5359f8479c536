/**
 * `@typed-ws/server-bun/redis`: scale out on Redis with Bun's built-in client — topic history,
 * offsets and cross-process fan-out ({@link RedisTopicStore}) and remembered request answers
 * ({@link RedisRequestStore}). A subpath of its own so that importing the router never loads
 * Bun's Redis client.
 *
 * ```ts
 * import { RedisTopicStore } from "@typed-ws/server-bun/redis";
 * const router = createRouter({ topicStore: new RedisTopicStore({ url: process.env.REDIS_URL }) });
 * ```
 */
export type {
  NumberedAnnouncement,
  RedisLinkOptions,
  RedisRequestStoreOptions,
  RedisTopicStoreOptions,
  RelayedAnnouncement,
  RequestClaim,
  SharedRequestStore,
} from "./redis/index.ts";
export { parseAnnouncement, RedisChannel, RedisLink, RedisRequestStore, RedisTopicStore } from "./redis/index.ts";
