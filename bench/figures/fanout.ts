/**
 * Figure 4: server fan-out. N subscriber sockets (bare WebSockets that only count frames, so the
 * server is what is measured) subscribe; a control socket asks the server to publish a burst;
 * deliveries/s until every subscriber has every frame. Baseline: Bun's `server.publish` of the
 * same 60-byte text, no envelope, no validation.
 */
import { runClient, startServer } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

interface FanoutResult {
  deliveriesPerSec: number;
  delivered: number;
  expected: number;
}

async function measure(impl: "raw" | "typed", subscribers: number, publishes: number): Promise<FanoutResult> {
  const server = await startServer(impl === "raw" ? "servers/raw-fanout.ts" : "servers/typed-ws.ts");
  try {
    const args = [
      "--impl",
      impl,
      "--url",
      server.url,
      "--subscribers",
      String(subscribers),
      "--publishes",
      String(publishes),
    ];
    return await runClient<FanoutResult>("bun", "clients/fanout.ts", args, { timeoutMs: 120_000 });
  } finally {
    await server.stop();
  }
}

const REPEATS = 3;

/** The run with the median rate of `runs`. */
function median(runs: FanoutResult[]): FanoutResult {
  return [...runs].sort((a, b) => a.deliveriesPerSec - b.deliveriesPerSec)[Math.floor(runs.length / 2)]!;
}

/**
 * Runs figure 4 for each subscriber count, `deliveries` deliveries per run; raw and typed runs
 * alternate {@link REPEATS} times and the median of each is reported (the machine is shared).
 */
export async function fanout(counts: number[], deliveries: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of counts) {
    const publishes = Math.max(1, Math.round(deliveries / n));
    const rawRuns: FanoutResult[] = [];
    const typedRuns: FanoutResult[] = [];
    for (let i = 0; i < REPEATS; i++) {
      rawRuns.push(await measure("raw", n, publishes));
      try {
        typedRuns.push(await measure("typed", n, publishes));
      } catch (error) {
        console.error(`  fanout typed N=${n}: FAILED ${(error as Error).message}`);
      }
    }
    const raw = median(rawRuns);
    const baseline = `raw publish N=${n}`;
    rows.push({
      figure: "4",
      name: `raw Bun publish N=${n} (×${publishes})`,
      value: raw.deliveriesPerSec,
      unit: "deliv/s",
    });
    if (typedRuns.length > 0) {
      const typed = median(typedRuns);
      rows.push({
        figure: "4",
        name: `typed-ws router.publish N=${n} (×${publishes})`,
        value: typed.deliveriesPerSec,
        unit: "deliv/s",
        baseline,
        ratio: typed.deliveriesPerSec / raw.deliveriesPerSec,
        targets: [{ label: "all delivered", pass: typedRuns.every((r) => r.delivered === r.expected) }],
      });
    }
  }
  return rows;
}
