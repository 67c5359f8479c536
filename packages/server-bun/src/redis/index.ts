/** Scale out on Redis: {@link RedisTopicStore} (history, offsets, cross-process fan-out) and {@link RedisRequestStore}. */
export { type NumberedAnnouncement, parseAnnouncement, type RelayedAnnouncement } from "./announcement.ts";
export { RedisChannel } from "./channel.ts";
export { RedisLink, type RedisLinkOptions } from "./link.ts";
export {
  RedisRequestStore,
  type RedisRequestStoreOptions,
  type RequestClaim,
  type SharedRequestStore,
} from "./request-store.ts";
export { RedisTopicStore, type RedisTopicStoreOptions } from "./topic-store.ts";
