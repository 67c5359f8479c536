/**
 * `pnpm bench`: runs every figure, prints one table with ratios to the baselines measured in this
 * same invocation and pass/miss per target, and exits non-zero when a bundle budget is missed.
 * Flags: `--quick` (small sizes, for development), `--only 1,5` (figures to run), `--runs 3`
 * (figures 1–2 that many times in a row, each run with its own verdicts), `--profile` (only CPU
 * profiles of the Node client and the Bun server under request/response, see figures/profile.ts).
 */
import { appBundleSizes, bundleSizes } from "./figures/bundle.ts";
import { capacity } from "./figures/capacity.ts";
import { dispatch } from "./figures/dispatch.ts";
import { fanout } from "./figures/fanout.ts";
import { flood } from "./figures/flood.ts";
import { memory } from "./figures/memory.ts";
import { profile } from "./figures/profile.ts";
import { reactRenders } from "./figures/react.ts";
import { requestResponse } from "./figures/request-response.ts";
import { retry } from "./figures/retry.ts";
import { slowConsumer } from "./figures/slow-consumer.ts";
import { topics } from "./figures/topics.ts";
import { type Row, renderTable, targetsOf } from "./lib/table.ts";

const quick = process.argv.includes("--quick");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? "").split(",")) : undefined;
const wants = (figure: string) => !only || only.has(figure);
const runsIndex = process.argv.indexOf("--runs");
const runs = runsIndex >= 0 ? Math.max(1, Number(process.argv[runsIndex + 1]) || 1) : 1;

const SIZES = quick
  ? {
      rr: { total: 20_000, inflight: 1_000, seq: 2_000, rounds: 2 },
      frames: 100_000,
      fanout: 50_000,
      cycles: 100_000,
      burst: 10_000,
      flood: 50_000,
      capacity: {
        idleConnections: 1_000,
        idleRounds: 1,
        ingestClients: 1_000,
        ingestMessages: 20_000,
        ingestRounds: 1,
      },
    }
  : {
      rr: { total: 200_000, inflight: 1_000, seq: 20_000, rounds: 8 },
      frames: 500_000,
      fanout: 400_000,
      cycles: 1_000_000,
      burst: 10_000,
      flood: 200_000,
      capacity: {
        idleConnections: 10_000,
        idleRounds: 2,
        ingestClients: 1_000,
        ingestMessages: 60_000,
        ingestRounds: 3,
      },
    };

if (process.argv.includes("--profile")) {
  console.error("[profile] request/response: Node typed-ws client and Bun typed-ws server under --cpu-prof…");
  console.log(await profile(SIZES.rr));
  process.exit(0);
}

const started = performance.now();
const rows: Row[] = [];
const section = async (figure: string, title: string, run: () => Promise<Row[]>) => {
  if (!wants(figure)) return;
  console.error(`[${figure}] ${title}…`);
  const t = performance.now();
  rows.push(...(await run()));
  console.error(`[${figure}] done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
};

for (let run = 1; run <= runs; run++) {
  const suffix = runs > 1 ? ` (run ${run}/${runs})` : "";
  await section("1", `request/response${suffix}: raw, typed-ws, socket.io, ws-kit; clients in Bun and Node`, () =>
    requestResponse(["bun", "node"], ["raw", "rawjson", "typed", "bare", "socketio", "wskit"], SIZES.rr, suffix),
  );
}
await section("3", "client inbound dispatch", () => dispatch(SIZES.frames));
await section("4", "server fan-out", () => fanout([100, 1_000], SIZES.fanout));
await section("5", "bundle size", async () => [...(await bundleSizes()), ...(await appBundleSizes())]);
await section("6", "memory after request/response cycles", () => memory(SIZES.cycles));
await section("7", "React renders per subscriber", () => reactRenders(SIZES.burst));
await section("8", "topics: fan-out with offsets and history, memory per publication", () =>
  topics(1_000, SIZES.fanout, quick ? 20_000 : 100_000),
);
await section("9", "fairness: bystander round trip under a one-socket flood", () => flood(SIZES.flood));
await section("10", "slow consumer: memory, dropped vs missed", () => slowConsumer(SIZES.flood));
await section("11", "retryable requests: dedupe on vs plain, bytes per remembered answer", () =>
  retry(SIZES.rr, quick ? 20_000 : 100_000),
);
await section("12", "server capacity: memory per idle connection, validated inbound messages per CPU-second", () =>
  capacity(SIZES.capacity),
);

console.log(renderTable(rows));
const targets = targetsOf(rows);
const missed = targets.filter((t) => !t.pass);
console.log(
  `\n${targets.length - missed.length}/${targets.length} targets met in ${((performance.now() - started) / 1000).toFixed(0)} s${quick ? " (--quick sizes)" : ""}.`,
);
for (const t of missed) console.log(`MISS ${t.row}: ${t.label}`);
if (runs > 1) {
  const rrMissed = missed.filter((t) => t.row.startsWith("1 ") || t.row.startsWith("2 "));
  console.log(
    `Request/response targets (figures 1–2) in ${runs} consecutive runs: ${rrMissed.length === 0 ? "PASS, held in every run" : `MISS, ${rrMissed.length} misses`}.`,
  );
}
const budgetMissed = rows.some((row) => row.figure === "5" && row.targets?.some((t) => !t.pass));
if (budgetMissed) {
  console.log("Bundle budget exceeded: failing.");
  process.exit(1);
}
