import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { MemoryTopicStore, type TopicStore } from "@typed-ws/server-bun";
import { SqliteTopicStore } from "@typed-ws/server-bun/sqlite";

/** Where `npm run demo` keeps room history: a SQLite file in a git-ignored folder. */
export const DEFAULT_TOPIC_DB = join(import.meta.dir, "..", ".data", "topics.sqlite");

/**
 * The demo's topic store from the environment: `TOPIC_STORE=memory` keeps history in memory
 * (lost on restart: clients are told `recovered: false`); otherwise a SQLite file at `TOPIC_DB`
 * (default `demo/.data/topics.sqlite`), so a restart loses nothing.
 * @throws Error for a `TOPIC_STORE` other than `memory` or `sqlite`.
 */
export function topicStoreFromEnv(env: Record<string, string | undefined> = process.env): TopicStore {
  const kind = env.TOPIC_STORE ?? "sqlite";
  if (kind === "memory") return new MemoryTopicStore();
  if (kind !== "sqlite") throw new Error(`TOPIC_STORE must be "memory" or "sqlite", got "${kind}"`);
  const path = env.TOPIC_DB || DEFAULT_TOPIC_DB;
  mkdirSync(dirname(path), { recursive: true });
  return new SqliteTopicStore({ path });
}
