/** Figure 3: client inbound dispatch, typed vs bare `JSON.parse`, and topic publications, in Bun and in Node. */
import { type Runtime, runClient } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

/** Runs figure 3 with `frames` frames per measurement. */
export async function dispatch(frames: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const runtime of ["bun", "node"] as Runtime[]) {
    try {
      const r = await runClient<{ bare: number; typed: number; topic: number }>(runtime, "clients/dispatch.ts", [
        "--frames",
        String(frames),
      ]);
      const baseline = `JSON.parse (${runtime})`;
      rows.push(
        { figure: "3", name: `bare JSON.parse @${runtime}`, value: r.bare, unit: "frames/s" },
        {
          figure: "3",
          name: `client parse+validate+dispatch @${runtime}`,
          value: r.typed,
          unit: "frames/s",
          baseline,
          ratio: r.typed / r.bare,
        },
        {
          figure: "3",
          name: `client topic publications (offset check+validate+onMessage) @${runtime}`,
          value: r.topic,
          unit: "frames/s",
          baseline: `client parse+validate+dispatch (${runtime})`,
          ratio: r.topic / r.typed,
        },
      );
    } catch (error) {
      console.error(`  dispatch ${runtime}: FAILED ${(error as Error).message}`);
    }
  }
  return rows;
}
