/** {@link SqliteTopicStore}: topic history in a SQLite file through `bun:sqlite`. */
import type { Database } from "bun:sqlite";
import { openDatabase } from "../sqlite-database.ts";
import {
  type HistoryLimits,
  NOT_HELD,
  randomEpoch,
  type StoreClockOption,
  type StoredPublication,
  type TopicPosition,
  type TopicStore,
} from "./store.ts";

/** Options of {@link SqliteTopicStore}. */
export interface SqliteTopicStoreOptions extends StoreClockOption {
  /** The database file (created when missing), or `":memory:"` (then nothing survives a restart). */
  path: string;
  /**
   * An open database to use instead of opening `path` (e.g. one shared with a
   * `SqliteRequestStore`, so a request's publication and its remembered answer commit together).
   */
  database?: Database;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS typed_ws_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS typed_ws_topics (topic TEXT PRIMARY KEY, last_offset INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS typed_ws_publications (
  topic TEXT NOT NULL,
  offset INTEGER NOT NULL,
  at INTEGER NOT NULL,
  frame TEXT NOT NULL,
  PRIMARY KEY (topic, offset)
) WITHOUT ROWID;
`;

/**
 * Topic history in a SQLite file (WAL mode): the epoch (made once per file) and every topic's
 * offsets and held publications survive a restart, so clients that reconnect to the restarted
 * server are answered `recovered: true`. One process per file. Synchronous; each `append` is
 * one transaction (numbering, insert, trim by count and age).
 */
export class SqliteTopicStore implements TopicStore {
  /** The epoch of every topic in this file. */
  readonly epoch: string;
  readonly #db: Database;
  /** The database (opened from `path`, or the one given). */
  get database(): Database {
    return this.#db;
  }
  readonly #now: () => number;
  readonly #append: (topic: string, frame: string, limits: HistoryLimits) => number;
  readonly #head;
  readonly #first;
  readonly #after;

  /** Opens (or creates) the file. @throws when the file cannot be opened as a database. */
  constructor(options: SqliteTopicStoreOptions) {
    this.#now = options.now ?? Date.now;
    const db = options.database ?? openDatabase(options.path as string);
    this.#db = db;
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    db.run(SCHEMA);
    db.run("INSERT OR IGNORE INTO typed_ws_meta (key, value) VALUES ('epoch', ?)", [randomEpoch()]);
    this.epoch = (db.query("SELECT value FROM typed_ws_meta WHERE key = 'epoch'").get() as { value: string }).value;

    const next = db.query<{ last_offset: number }, [string]>(
      `INSERT INTO typed_ws_topics (topic, last_offset) VALUES (?1, 1)
       ON CONFLICT (topic) DO UPDATE SET last_offset = last_offset + 1 RETURNING last_offset`,
    );
    const insert = db.query("INSERT INTO typed_ws_publications (topic, offset, at, frame) VALUES (?1, ?2, ?3, ?4)");
    const trim = db.query("DELETE FROM typed_ws_publications WHERE topic = ?1 AND (offset <= ?2 OR at < ?3)");
    this.#append = db.transaction((topic: string, frame: string, limits: HistoryLimits) => {
      const offset = (next.get(topic) as { last_offset: number }).last_offset;
      const now = this.#now();
      if (limits.maxCount > 0) insert.run(topic, offset, now, frame);
      trim.run(topic, offset - limits.maxCount, now - limits.maxAgeMs);
      return offset;
    });
    this.#head = db.query<{ last_offset: number }, [string]>(
      "SELECT last_offset FROM typed_ws_topics WHERE topic = ?1",
    );
    this.#first = db.query<{ offset: number; at: number }, [string, number]>(
      "SELECT offset, at FROM typed_ws_publications WHERE topic = ?1 AND offset > ?2 ORDER BY offset LIMIT 1",
    );
    this.#after = db.query<StoredPublication, [string, number]>(
      "SELECT offset, frame FROM typed_ws_publications WHERE topic = ?1 AND offset > ?2 ORDER BY offset",
    );
  }

  append(topic: string, frame: string, limits: HistoryLimits): TopicPosition {
    return { epoch: this.epoch, offset: this.#append(topic, frame, limits) };
  }

  head(topic: string): TopicPosition {
    return { epoch: this.epoch, offset: this.#head.get(topic)?.last_offset ?? 0 };
  }

  readAfter(
    topic: string,
    epoch: string,
    offset: number,
    limits: HistoryLimits,
  ): readonly StoredPublication[] | typeof NOT_HELD {
    const latest = this.#head.get(topic)?.last_offset ?? 0;
    if (epoch !== this.epoch || offset > latest || offset < 0) return NOT_HELD;
    if (offset === latest) return [];
    const first = this.#first.get(topic, offset);
    if (first === null || first.offset !== offset + 1 || first.at < this.#now() - limits.maxAgeMs) return NOT_HELD;
    return this.#after.all(topic, offset);
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}
