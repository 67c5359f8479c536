/**
 * The control channel of a server child (capacity and profile runs): the parent writes one
 * command per line on the child's stdin and reads one `STATS {json}` line per command on its
 * stdout. Commands: `stats`; `gc` (a full, synchronous GC first, then stats); `exit`
 * (`process.exit(0)`, which also writes a `--cpu-prof` profile).
 */

/** What a server child reports about itself. */
export interface ServerStats {
  /** Resident set size, bytes (`process.memoryUsage().rss`). */
  readonly rss: number;
  /** JS heap in use, bytes. */
  readonly heapUsed: number;
  /** User + system CPU time of the process since it started, µs (`process.cpuUsage()`). */
  readonly cpuMicros: number;
  /** Messages the server counted (validated inbound messages in the capacity servers). */
  readonly count: number;
}

function stats(count: () => number): ServerStats {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { rss: memory.rss, heapUsed: memory.heapUsed, cpuMicros: cpu.user + cpu.system, count: count() };
}

/** Listens for commands on stdin; `count` reports the server's message counter. */
export function startControl(count: () => number = () => 0): void {
  let buffered = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
      const command = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (command === "exit") process.exit(0);
      if (command === "gc") Bun.gc(true);
      process.stdout.write(`STATS ${JSON.stringify(stats(count))}\n`);
    }
  });
}
