/** Opening `bun:sqlite` databases without importing the module up front. */
import type { Database } from "bun:sqlite";

/**
 * Opens (or creates) a SQLite file with `bun:sqlite`. The module is loaded on the first call, not
 * when the package is imported, so importing `@typed-ws/server-bun` outside Bun still works (and
 * `serve()` can say that it needs Bun).
 * @throws when the file cannot be opened, or outside Bun.
 */
export function openDatabase(path: string): Database {
  const sqlite = require("bun:sqlite") as typeof import("bun:sqlite");
  return new sqlite.Database(path, { create: true, strict: true });
}
