/**
 * `@typed-ws/server-bun/sqlite`: the durable stores on a SQLite file through `bun:sqlite` (built
 * into Bun, nothing to install). A subpath of its own so that importing the router never loads
 * `bun:sqlite` (and `serve()` outside Bun can still explain what to do).
 *
 * ```ts
 * import { SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
 * const router = createRouter({ topicStore: new SqliteTopicStore({ path: "data/topics.sqlite" }) });
 * ```
 */
export type { SqliteRequestStoreOptions } from "./stores/sqlite-request-store.ts";
export { SqliteRequestStore } from "./stores/sqlite-request-store.ts";
export type { SqliteTopicStoreOptions } from "./topics/sqlite-store.ts";
export { SqliteTopicStore } from "./topics/sqlite-store.ts";
