/** {@link SqliteRequestStore}: remembered request answers in a SQLite file through `bun:sqlite`. */
import { Database } from "bun:sqlite";
import { type RequestStore, type RequestStoreOptions, readTtl } from "./request-store.ts";

/** Options of {@link SqliteRequestStore}. */
export interface SqliteRequestStoreOptions extends RequestStoreOptions {
  /** The database file (created when missing; may be the topics' file), or `":memory:"`. */
  path: string;
}

/**
 * Remembered answers in a SQLite file (WAL mode), bounded by age: they survive a restart within
 * `ttlMs`. Expired rows are deleted on `remember`. Synchronous; one process per file.
 */
export class SqliteRequestStore implements RequestStore {
  readonly ttlMs: number;
  readonly #db: Database;
  readonly #now: () => number;
  readonly #upsert;
  readonly #select;
  readonly #expire;

  /** @throws RangeError for a `ttlMs` that is not positive; throws when the file cannot be opened. */
  constructor(options: SqliteRequestStoreOptions) {
    this.ttlMs = readTtl(options);
    this.#now = options.now ?? Date.now;
    const db = new Database(options.path, { create: true, strict: true });
    this.#db = db;
    db.run("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    db.run(`CREATE TABLE IF NOT EXISTS typed_ws_requests (
      identity TEXT NOT NULL, correlation_id TEXT NOT NULL, at INTEGER NOT NULL, frame TEXT NOT NULL,
      PRIMARY KEY (identity, correlation_id)) WITHOUT ROWID`);
    db.run("CREATE INDEX IF NOT EXISTS typed_ws_requests_at ON typed_ws_requests (at)");
    this.#upsert = db.query(
      "INSERT OR REPLACE INTO typed_ws_requests (identity, correlation_id, at, frame) VALUES (?1, ?2, ?3, ?4)",
    );
    this.#select = db.query<{ frame: string }, [string, string, number]>(
      "SELECT frame FROM typed_ws_requests WHERE identity = ?1 AND correlation_id = ?2 AND at > ?3",
    );
    this.#expire = db.query("DELETE FROM typed_ws_requests WHERE at <= ?1");
  }

  remember(identity: string, correlationId: string, frame: string): void {
    const now = this.#now();
    this.#expire.run(now - this.ttlMs);
    this.#upsert.run(identity, correlationId, now, frame);
  }

  lookup(identity: string, correlationId: string): string | undefined {
    return this.#select.get(identity, correlationId, this.#now() - this.ttlMs)?.frame ?? undefined;
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}
