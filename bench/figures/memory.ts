/** Figure 6: heap after N request/response cycles vs after the first 10,000, in Bun and in Node. */
import { type Runtime, runClient } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

interface MemoryResult {
  afterWarm: number;
  afterAll: number;
  cyclesPerSec: number;
}

/** Runs figure 6 with `cycles` cycles per runtime. Target: final heap ≤ 1.05× the warm heap. */
export async function memory(cycles: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const runtime of ["bun", "node"] as Runtime[]) {
    try {
      const r = await runClient<MemoryResult>(runtime, "clients/memory.ts", ["--cycles", String(cycles)], {
        exposeGc: true,
      });
      const ratio = r.afterAll / r.afterWarm;
      rows.push(
        { figure: "6", name: `heap after 10k cycles @${runtime}`, value: r.afterWarm / 1e6, unit: "MB" },
        {
          figure: "6",
          name: `heap after ${cycles.toLocaleString("en-US")} cycles @${runtime} (${Math.round(r.cyclesPerSec).toLocaleString("en-US")} cycles/s)`,
          value: r.afterAll / 1e6,
          unit: "MB",
          baseline: `after 10k (${runtime})`,
          ratio,
          targets: [{ label: "≤ 1.05× after 10k", pass: ratio <= 1.05 }],
        },
      );
    } catch (error) {
      console.error(`  memory ${runtime}: FAILED ${(error as Error).message}`);
    }
  }
  return rows;
}
