/**
 * Figure 10: a slow consumer. One subscriber stops reading while the server makes 200,000
 * publishes (one healthy subscriber reads them all). Server memory (RSS before, peak, after a
 * GC) and, per policy, the publishes the server counted as dropped versus those the paused
 * subscriber actually missed (published while it was subscribed, never received). Target:
 * counted = missed, exactly (PROTOCOL.md v1.1: counts per socket are exact).
 */
import { runClient, startServer } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

interface SlowResult {
  rssBeforeMB: number;
  rssPeakMB: number;
  rssAfterMB: number;
  droppedPublishes: number;
  slowConsumersClosed: number;
  publishedBeforeClose: number;
  pausedReceived: number;
  healthyReceived: number;
  closeCode: number;
}

/** Runs figure 10 with `publishes` publishes, under both slow-consumer policies. */
export async function slowConsumer(publishes: number): Promise<Row[]> {
  const rows: Row[] = [];
  const policies = [
    ['slowConsumers "close" (default)', "servers/slow-consumer.ts"],
    ['slowConsumers "drop"', "servers/slow-consumer-drop.ts"],
  ] as const;
  for (const [name, file] of policies) {
    const server = await startServer(file);
    let r: SlowResult;
    try {
      r = await runClient<SlowResult>("bun", "clients/slow-consumer.ts", [
        "--url",
        server.url,
        "--publishes",
        String(publishes),
      ]);
    } finally {
      await server.stop();
    }
    // Published while the paused socket was subscribed: all of them, or those before its 1013.
    const whileSubscribed = r.slowConsumersClosed > 0 ? r.publishedBeforeClose : publishes;
    const missed = whileSubscribed - r.pausedReceived;
    console.error(
      `  ${name}: paused got ${r.pausedReceived} (close ${r.closeCode || "-"}), healthy got ${r.healthyReceived}/${publishes}`,
    );
    rows.push(
      { figure: "10", name: `${name}: server RSS before`, value: r.rssBeforeMB, unit: "MB" },
      { figure: "10", name: `${name}: server RSS peak during ${publishes} publishes`, value: r.rssPeakMB, unit: "MB" },
      { figure: "10", name: `${name}: server RSS after (GC)`, value: r.rssAfterMB, unit: "MB" },
      { figure: "10", name: `${name}: missed by the paused subscriber`, value: missed, unit: "msgs" },
      {
        figure: "10",
        name: `${name}: counted as dropped`,
        value: r.droppedPublishes,
        unit: "msgs",
        targets: [
          { label: "= missed", pass: r.droppedPublishes === missed },
          { label: "healthy got all", pass: r.healthyReceived === publishes },
        ],
      },
    );
  }
  return rows;
}
