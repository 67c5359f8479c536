/** Scale out on Redis: {@link RedisTopicStore} (history, offsets, cross-process fan-out). */
export { type NumberedAnnouncement, parseAnnouncement, type RelayedAnnouncement } from "./announcement.ts";
export { RedisLink, type RedisLinkOptions } from "./link.ts";
export { RedisTopicStore, type RedisTopicStoreOptions } from "./topic-store.ts";
