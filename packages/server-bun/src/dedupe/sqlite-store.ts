/** {@link SqliteRequestStore}: remembered answers in a SQLite file through `bun:sqlite`. */
import type { Database } from "bun:sqlite";
import { openDatabase } from "../sqlite-database.ts";
import { DEFAULT_REMEMBER_MS, type RequestStore, type RequestStoreOptions } from "./store.ts";

/** Options of {@link SqliteRequestStore}: a file `path`, or an open `database` to share (e.g. with `SqliteTopicStore`). */
export interface SqliteRequestStoreOptions extends RequestStoreOptions {
  /** The database file (created when missing), or `":memory:"`. Ignored when `database` is given. */
  path?: string;
  /**
   * An open database to share: give the `SqliteTopicStore`'s (`topicStore.database`) so a
   * request's publications and its remembered answer can commit in one transaction ({@link atomic}).
   */
  database?: Database;
  /** Answers kept (the oldest are deleted first; trimmed every 256 writes, so at most this + 255 rows). @default 100000 */
  maxEntries?: number;
}

/** The default row bound of {@link SqliteRequestStore}. */
export const DEFAULT_MAX_ANSWER_ROWS = 100_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS typed_ws_answers (
  identity TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  frame TEXT NOT NULL,
  PRIMARY KEY (identity, correlation_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS typed_ws_answers_at ON typed_ws_answers (at);
`;

/** How many `set` calls between two trims by count (a trim is a `COUNT` and a `DELETE`). */
const TRIM_EVERY = 256;

/**
 * Remembered answers in a SQLite file (WAL mode): a request the server answered just before it
 * was killed is answered from the file after the restart, not run again. Bounded by age
 * (`maxAgeMs`, checked on read and trimmed on write) and by `maxEntries` rows. Synchronous.
 *
 * {@link atomic} runs a block in one transaction: what the block writes through this database
 * (a `SqliteTopicStore` publication sharing it) and the answer remembered by a `ctx.reply` in
 * the block commit together, and the reply is sent only after the commit.
 */
export class SqliteRequestStore implements RequestStore {
  /** The database (shared or owned). */
  readonly database: Database;
  readonly #owned: boolean;
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #get;
  readonly #set;
  readonly #trimAge;
  readonly #trimCount;
  #writes = 0;
  /** Sends waiting for the commit of the current {@link atomic} block; undefined outside one. */
  #afterCommit: { send: () => void; abandon: () => void }[] | undefined = undefined;

  /** Opens (or creates) the table. @throws RangeError for bad bounds, or when the file cannot be opened. */
  constructor(options: SqliteRequestStoreOptions) {
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_REMEMBER_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ANSWER_ROWS;
    this.#now = options.now ?? Date.now;
    if (!(this.#maxAgeMs > 0) || !(this.#maxEntries > 0)) {
      throw new RangeError("typed-ws: SqliteRequestStore maxAgeMs and maxEntries must be positive");
    }
    if (options.database === undefined && options.path === undefined) {
      throw new TypeError("typed-ws: SqliteRequestStore needs a path or a database");
    }
    this.#owned = options.database === undefined;
    const db = options.database ?? openDatabase(options.path as string);
    this.database = db;
    if (this.#owned) {
      db.run("PRAGMA journal_mode = WAL");
      db.run("PRAGMA synchronous = NORMAL");
    }
    db.run(SCHEMA);
    this.#get = db.query<{ frame: string }, [string, string, number]>(
      "SELECT frame FROM typed_ws_answers WHERE identity = ?1 AND correlation_id = ?2 AND at > ?3",
    );
    this.#set = db.query(
      "INSERT OR REPLACE INTO typed_ws_answers (identity, correlation_id, at, frame) VALUES (?1, ?2, ?3, ?4)",
    );
    this.#trimAge = db.query("DELETE FROM typed_ws_answers WHERE at <= ?1");
    this.#trimCount = db.query(
      `DELETE FROM typed_ws_answers WHERE (identity, correlation_id) IN (SELECT identity, correlation_id
       FROM typed_ws_answers ORDER BY at LIMIT max(0, (SELECT count(*) FROM typed_ws_answers) - ?1))`,
    );
  }

  get(identity: string, correlationId: string): string | undefined {
    return this.#get.get(identity, correlationId, this.#now() - this.#maxAgeMs)?.frame;
  }

  set(identity: string, correlationId: string, frame: string): void {
    const now = this.#now();
    this.#set.run(identity, correlationId, now, frame);
    if (++this.#writes % TRIM_EVERY === 0) {
      this.#trimAge.run(now - this.#maxAgeMs);
      this.#trimCount.run(this.#maxEntries);
    }
  }

  /** Answers held (rows, expired ones not yet trimmed included). */
  get size(): number {
    return (this.database.query("SELECT count(*) AS n FROM typed_ws_answers").get() as { n: number }).n;
  }

  afterCommit(send: () => void, abandon: () => void): void {
    if (this.#afterCommit === undefined) send();
    else this.#afterCommit.push({ send, abandon });
  }

  /**
   * Runs `block` in one transaction of this database (a nested call joins the outer one). Writes
   * the block makes through the same database — a publication to a `SqliteTopicStore` sharing
   * it, the answer a `ctx.reply` in the block remembers — commit together or not at all; replies
   * made in the block are sent after the commit. `block` must be synchronous (a promise it
   * returns is not awaited: work after an `await` is outside the transaction).
   * @throws what `block` throws (after rolling back: nothing it wrote is kept, no reply is sent).
   */
  atomic<T>(block: () => T): T {
    if (this.#afterCommit !== undefined) return block();
    const waiting: { send: () => void; abandon: () => void }[] = [];
    this.#afterCommit = waiting;
    let result: T;
    try {
      result = this.database.transaction(block)();
    } catch (error) {
      for (const { abandon } of waiting) abandon();
      throw error;
    } finally {
      this.#afterCommit = undefined;
    }
    for (const { send } of waiting) send();
    return result;
  }

  /** Closes the database when the store opened it (a shared one is closed by its owner). */
  close(): void {
    if (this.#owned) this.database.close();
  }
}
