/**
 * Figure 8: topics. Fan-out to N subscribers of a declared topic (offsets, history in the memory
 * store, `meta.topic`/`meta.offset` on every frame) against plain `router.publish` to
 * `ctx.subscribe` subscribers, on the same server process kind in the same run (alternating,
 * median of 5): deliveries/s end to end, and the server CPU time of the publish loop (steadier
 * on a shared machine); and the memory one stored publication costs.
 */
import { runClient, startServer } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

interface FanoutResult {
  deliveriesPerSec: number;
  delivered: number;
  expected: number;
  outOfOrder: number;
  /** Server CPU time of the publish loop (Bun writes to every socket inside publish). */
  cpuMicros: number;
}

interface MemoryResult {
  memoryBytesPerPublication: number;
  countedBytesPerPublication: number;
  sqliteBytesPerPublication: number;
  held: number;
  frameBytes: number;
}

async function measure(mode: "plain" | "topic", subscribers: number, publishes: number): Promise<FanoutResult> {
  const server = await startServer("servers/typed-ws-topics.ts");
  try {
    const args = [
      "--mode",
      mode,
      "--url",
      server.url,
      "--subscribers",
      String(subscribers),
      "--publishes",
      String(publishes),
    ];
    return await runClient<FanoutResult>("bun", "clients/topic-fanout.ts", args, { timeoutMs: 120_000 });
  } finally {
    await server.stop();
  }
}

const REPEATS = 5;

function median(runs: FanoutResult[]): FanoutResult {
  return [...runs].sort((a, b) => a.deliveriesPerSec - b.deliveriesPerSec)[Math.floor(runs.length / 2)]!;
}

/** The median server CPU µs per publication (to all subscribers). */
function cpuPerPublish(runs: FanoutResult[], publishes: number): number {
  const values = runs.map((r) => r.cpuMicros / publishes).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}

/** Runs figure 8: `deliveries` deliveries per fan-out run to `subscribers` subscribers. */
export async function topics(subscribers: number, deliveries: number, publications: number): Promise<Row[]> {
  const publishes = Math.max(1, Math.round(deliveries / subscribers));
  const plainRuns: FanoutResult[] = [];
  const topicRuns: FanoutResult[] = [];
  for (let i = 0; i < REPEATS; i++) {
    plainRuns.push(await measure("plain", subscribers, publishes));
    topicRuns.push(await measure("topic", subscribers, publishes));
  }
  const plain = median(plainRuns);
  const topic = median(topicRuns);
  const baseline = `plain publish N=${subscribers}`;
  const plainCpu = cpuPerPublish(plainRuns, publishes);
  const topicCpu = cpuPerPublish(topicRuns, publishes);
  const rows: Row[] = [
    {
      figure: "8",
      name: `plain router.publish, ctx.subscribe N=${subscribers} (×${publishes})`,
      value: plain.deliveriesPerSec,
      unit: "deliv/s",
    },
    {
      figure: "8",
      name: `topic publish (offsets + history) N=${subscribers} (×${publishes})`,
      value: topic.deliveriesPerSec,
      unit: "deliv/s",
      baseline,
      ratio: topic.deliveriesPerSec / plain.deliveriesPerSec,
      targets: [
        {
          label: "all delivered, gap-free",
          pass: topicRuns.every((r) => r.delivered === r.expected && r.outOfOrder === 0),
        },
      ],
    },
    {
      figure: "8",
      name: `server CPU per publish to N=${subscribers}, plain router.publish`,
      value: plainCpu,
      unit: "µs",
    },
    {
      figure: "8",
      name: `server CPU per publish to N=${subscribers}, topic (offsets + history)`,
      value: topicCpu,
      unit: "µs",
      baseline: `plain CPU N=${subscribers}`,
      ratio: topicCpu / plainCpu,
    },
  ];
  try {
    const memory = await runClient<MemoryResult>(
      "bun",
      "clients/topic-memory.ts",
      ["--publications", String(publications)],
      {
        timeoutMs: 120_000,
      },
    );
    rows.push(
      {
        figure: "8",
        name: `memory store: heap per held publication (${memory.held.toLocaleString("en-US")} held, ${memory.frameBytes}-byte frames)`,
        value: memory.memoryBytesPerPublication,
        unit: "B",
      },
      {
        figure: "8",
        name: "memory store: bytes counted against maxBytes per publication",
        value: memory.countedBytesPerPublication,
        unit: "B",
      },
      {
        figure: "8",
        name: "SQLite store: file bytes per held publication",
        value: memory.sqliteBytesPerPublication,
        unit: "B",
      },
    );
  } catch (error) {
    console.error(`  topics memory: FAILED ${(error as Error).message}`);
  }
  return rows;
}
