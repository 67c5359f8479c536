/** Helpers for workload children (run in Bun or, bundled, in Node): arguments and the result line. */

/** Called by a workload child: prints its result for {@link runClient} and exits. */
export function emitResult(result: unknown): never {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Reads `--name value` from a child's argv, with a default. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}
