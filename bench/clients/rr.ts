/**
 * Figures 1–2, the client side: pipelined throughput (`--total` requests, `--inflight` at once)
 * and one-at-a-time round trips (`--seq`, p50/p99), for one implementation in this runtime.
 */
import { arg, emitResult } from "../lib/child.ts";
import { percentile } from "../lib/stats.ts";
import { connect, type Impl, type RrClient } from "./rr-adapters.ts";

/** Requests per second with `inflight` requests outstanding until `total` have completed. */
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
      if (done === total) resolve(total / ((performance.now() - start) / 1000));
      else next();
    };
    for (let i = 0; i < inflight; i++) next();
  });
}

/** Round-trip times in microseconds, one request at a time. */
async function sequential(client: RrClient, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.request();
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

const impl = arg("impl", "raw") as Impl;
const url = arg("url", "");
const total = Number(arg("total", "200000"));
const inflight = Number(arg("inflight", "1000"));
const seq = Number(arg("seq", "20000"));

const client = await connect(impl, url);
await pipelined(client, Math.min(total, 5_000), Math.min(inflight, 100)); // warm-up (JIT)
const throughput = await pipelined(client, total, inflight);
const samples = await sequential(client, seq);
client.close();
emitResult({ throughput, p50: percentile(samples, 50), p99: percentile(samples, 99) });
