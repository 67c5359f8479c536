/**
 * Figures 1–2, the client side: connects to every server in `--targets impl=url,…`, then in
 * `--rounds` rounds (implementations interleaved, order rotating, so load from elsewhere on the
 * machine hits all alike) measures pipelined throughput (`--total` requests overall,
 * `--inflight` at once) and one-at-a-time round trips (`--seq` overall, p50/p99).
 */
import { arg, emitResult } from "../lib/child.ts";
import { percentile } from "../lib/stats.ts";
import { connect, type Impl, type RrClient } from "./rr-adapters.ts";

/** Milliseconds to complete `total` requests with `inflight` outstanding. */
function pipelined(client: RrClient, total: number, inflight: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const start = performance.now();
    const next = (): void => {
      if (sent === total) return;
      sent++;
      client.request().then(onReply, reject);
    };
    const onReply = (): void => {
      done++;
      if (done === total) resolve(performance.now() - start);
      else next();
    };
    for (let i = 0; i < Math.min(inflight, total); i++) next();
  });
}

/** Appends `count` one-at-a-time round-trip times (µs) to `samples`. */
async function sequential(client: RrClient, count: number, samples: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.request();
    samples.push((performance.now() - start) * 1000);
  }
}

const targets = arg("targets", "")
  .split(",")
  .map((pair) => pair.split("=", 2) as [Impl, string]);
const total = Number(arg("total", "200000"));
const inflight = Number(arg("inflight", "1000"));
const seq = Number(arg("seq", "20000"));
const rounds = Number(arg("rounds", "4"));

const runs = [];
for (const [impl, url] of targets) {
  const client = await connect(impl, url);
  await pipelined(client, 5_000, 100); // warm-up (JIT)
  await sequential(client, 500, []);
  runs.push({ impl, client, ms: 0, samples: [] as number[] });
}
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < runs.length; i++) {
    const run = runs[(i + round) % runs.length]!;
    run.ms += await pipelined(run.client, Math.round(total / rounds), inflight);
    await sequential(run.client, Math.round(seq / rounds), run.samples);
  }
}
const result: Record<string, { throughput: number; p50: number; p99: number }> = {};
for (const run of runs) {
  run.client.close();
  const done = Math.round(total / rounds) * rounds;
  result[run.impl] = {
    throughput: done / (run.ms / 1000),
    p50: percentile(run.samples, 50),
    p99: percentile(run.samples, 99),
  };
}
emitResult(result);
