/**
 * Summarises `.cpuprofile` files (V8/JSC `--cpu-prof` output): the functions with the most self
 * time, as a share of all sampled time except idle.
 *
 *   bun tools/profile-summary.ts .out/profiles/node-client/<file>.cpuprofile [more files] [--top 15]
 */

import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One line of the summary. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** Where a function lives, short: the package and file (`client/src/requests.ts:41`), `zod/…`, or the builtin. */
function place(url: string, line: number): string {
  if (!url) return "";
  const path = url.replace(/^file:\/\//, "");
  const pkg = /packages\/([^/]+)\/(.*)$/.exec(path);
  if (pkg) return `${pkg[1]}/${pkg[2]}:${line + 1}`;
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (dep) return `${dep[1]}/${basename(dep[2]!)}:${line + 1}`;
  const bench = /bench\/(.*)$/.exec(path);
  if (bench) return `bench/${bench[1]}:${line + 1}`;
  return `${basename(path)}:${line + 1}`;
}

/** Self time per function (name + place), largest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === "(idle)") return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url, lineNumber);
    const key = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    totals.set(key, (totals.get(key) ?? 0) + delta);
    all += delta;
  });
  return [...totals].map(([name, ms]) => ({ name, ms, share: all > 0 ? ms / all : 0 })).sort((a, b) => b.ms - a.ms);
}

/** The summary of one profile file as printable text. */
export function summarise(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const times = selfTimes(profile);
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  const lines = times
    .slice(0, top)
    .map((t) => `${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  return [`${file}: ${total.toFixed(0)} ms sampled (idle excluded), top ${top} by self time`, ...lines].join("\n");
}

if (import.meta.main) {
  const topIndex = process.argv.indexOf("--top");
  const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 15;
  const files = process.argv.slice(2).filter((a, i, all) => a !== "--top" && all[i - 1] !== "--top");
  for (const file of files) console.log(`${summarise(file, top)}\n`);
}
