/** Figure 7: React renders per subscriber for a burst of messages (jsdom + react-dom, in Bun). */
import { runClient } from "../lib/harness.ts";
import type { Row } from "../lib/table.ts";

interface ReactResult {
  /** Renders per subscriber after mount, by subscriber kind. */
  renders: Record<string, number>;
  bursts: Record<string, number>;
}

/** Runs figure 7 with a burst of `burst` messages. Baseline: the number of messages. */
export async function reactRenders(burst: number): Promise<Row[]> {
  try {
    const r = await runClient<ReactResult>("bun", "clients/react.tsx", ["--burst", String(burst)], {
      env: { NODE_ENV: "production" },
    });
    return Object.entries(r.renders).map(([name, renders]) => ({
      figure: "7",
      name: `${name} (${r.bursts[name]?.toLocaleString("en-US")} msgs)`,
      value: renders,
      unit: "renders",
      baseline: "messages sent",
      ratio: renders / (r.bursts[name] ?? burst),
    }));
  } catch (error) {
    console.error(`  react: FAILED ${(error as Error).message}`);
    return [];
  }
}
