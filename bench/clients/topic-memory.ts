/**
 * Figure 8, memory per stored publication (Bun, in process): fill a MemoryTopicStore with
 * `--publications` frames of the bench message (a fresh string each, as a server makes them)
 * over `--topics` topics with the default bounds, and divide the heap growth by what it holds;
 * then the same into a SQLite file, divided into the file size.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializeMessage } from "@typed-ws/client/protocol";
import { DEFAULT_HISTORY, MemoryTopicStore } from "@typed-ws/server-bun";
import { SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
import { arg, emitResult } from "../lib/child.ts";
import { PAYLOAD } from "../lib/payload.ts";

const publications = Number(arg("publications", "100000"));
const topics = Number(arg("topics", "1000"));
const frame = () => serializeMessage("TICK", { timestamp: Date.now() }, PAYLOAD);

function heap(): number {
  Bun.gc(true);
  return process.memoryUsage().heapUsed;
}

const store = new MemoryTopicStore();
const before = heap();
for (let i = 0; i < publications; i++) store.append(`bench:${i % topics}`, frame(), DEFAULT_HISTORY);
const after = heap();
const held = store.size;
const frameBytes = frame().length;

const dir = mkdtempSync(join(tmpdir(), "typed-ws-bench-"));
const path = join(dir, "topics.sqlite");
const sqlite = new SqliteTopicStore({ path });
for (let i = 0; i < publications; i++) sqlite.append(`bench:${i % topics}`, frame(), DEFAULT_HISTORY);
sqlite.close(); // checkpoints the WAL into the file
const fileBytes = statSync(path).size;
rmSync(dir, { recursive: true, force: true });

emitResult({
  memoryBytesPerPublication: (after - before) / held,
  countedBytesPerPublication: store.bytes / held,
  sqliteBytesPerPublication: fileBytes / held,
  held,
  frameBytes,
  keptAlive: store.size,
});
