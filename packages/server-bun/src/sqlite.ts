/**
 * `@typed-ws/server-bun/sqlite`: the durable stores on a SQLite file through `bun:sqlite` (built
 * into Bun, nothing to install). A subpath of its own so that importing the router never loads
 * `bun:sqlite` (and `serve()` outside Bun can still explain what to do).
 *
 * ```ts
 * import { SqliteRequestStore, SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
 * const topicStore = new SqliteTopicStore({ path: "data/topics.sqlite" });
 * // remembered answers in the same file: a publication and its answer commit together
 * const requestStore = new SqliteRequestStore({ database: topicStore.database });
 * const router = createRouter({ topicStore });
 * serve(router, { port: 3000, dedupe: requestStore });
 * ```
 */
export type { SqliteRequestStoreOptions } from "./dedupe/sqlite-store.ts";
export { DEFAULT_MAX_ANSWER_ROWS, SqliteRequestStore } from "./dedupe/sqlite-store.ts";
export type { SqliteTopicStoreOptions } from "./topics/sqlite-store.ts";
export { SqliteTopicStore } from "./topics/sqlite-store.ts";
