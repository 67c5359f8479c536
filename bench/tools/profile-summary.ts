/**
 * Summarises `.cpuprofile` files (V8/JSC `--cpu-prof` output): the functions with the most self
 * time, as a share of all sampled time except idle. Lines of the esbuild bundles the Node workloads
 * run (`.out/*.node.mjs`) are traced back to their source module through esbuild's module comments.
 *
 *   bun tools/profile-summary.ts .out/profiles/node-client/<file>.cpuprofile [more files] [--top 15]
 */

import { existsSync, readFileSync } from "node:fs";
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

const bundleModules = new Map<string, Array<{ line: number; source: string }>>();

/**
 * For a line of an esbuild bundle (the Node workloads in `.out/`), the source module it came
 * from: esbuild writes a `// path/to/module.ts` comment before each module of a non-minified bundle.
 */
function bundleSource(path: string, line: number): string | undefined {
  if (!path.endsWith(".mjs") || !existsSync(path)) return undefined;
  let modules = bundleModules.get(path);
  if (!modules) {
    modules = [];
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((text, i) => {
        const match = /^\/\/ (\S+\.(?:tsx?|[cm]?js))$/.exec(text);
        if (match) modules!.push({ line: i, source: match[1]! });
      });
    bundleModules.set(path, modules);
  }
  let found: string | undefined;
  for (const module of modules) if (module.line <= line) found = module.source;
  return found;
}

/** Where a function lives, short: the package and file (`client/src/requests.ts:41`), `zod/…`, or the builtin. */
function place(url: string, line: number): string {
  if (!url) return "";
  const bundled = url.replace(/^file:\/\//, "");
  const source = bundleSource(bundled, line);
  if (source) {
    const short = source
      .replace(/^(\.\.\/)+/, "")
      .replace(/^packages\//, "")
      .replace(/^node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "");
    return `${short} (bundle:${line + 1})`;
  }
  const path = bundled;
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

/** The area a summary line belongs to: the package (`client`, `server-bun`, `zod`, `ws`, …) or "runtime/native". */
function area(name: string): string {
  const where = name.split(" ").find((part) => part.includes("/"));
  if (where === undefined) return "runtime/native";
  const first = where.split("/")[0]!;
  return first.startsWith("@") ? where.split("/").slice(0, 2).join("/") : first;
}

/** The summary of one profile file as printable text. */
export function summarise(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const times = selfTimes(profile);
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  const lines = times
    .slice(0, top)
    .map((t) => `${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  const areas = new Map<string, number>();
  for (const t of times) areas.set(area(t.name), (areas.get(area(t.name)) ?? 0) + t.share);
  const byArea = [...areas]
    .sort((a, b) => b[1] - a[1])
    .map(([name, share]) => `${name} ${(share * 100).toFixed(1)}%`)
    .join(", ");
  return [
    `${file}: ${total.toFixed(0)} ms sampled (idle excluded), top ${top} by self time`,
    ...lines,
    `by area: ${byArea}`,
  ].join("\n");
}

if (import.meta.main) {
  const topIndex = process.argv.indexOf("--top");
  const top = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 15;
  const files = process.argv.slice(2).filter((a, i, all) => a !== "--top" && all[i - 1] !== "--top");
  for (const file of files) console.log(`${summarise(file, top)}\n`);
}
