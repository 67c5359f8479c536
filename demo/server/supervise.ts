/**
 * A tiny supervisor for the demo server: runs `main.ts`, and when it exits (the "restart
 * server" button exits with {@link RESTART_EXIT_CODE}) starts it again on the same port.
 * With `PORT=0` the first server picks a free port and every restart reuses it.
 * Stops with SIGINT/SIGTERM; gives up after 5 quick crashes in a row.
 */
import { join } from "node:path";
import { RESTART_EXIT_CODE } from "./restart.ts";

const LISTENING = /listening on http:\/\/[\d.]+:(\d+)/;
const main = join(import.meta.dir, "main.ts");
let port = process.env.PORT ?? "3000";
let stopping = false;
let quickCrashes = 0;
let announced = false;
let child: ReturnType<typeof Bun.spawn> | undefined;

/** Forwards the child's stdout and remembers the port it printed. */
async function pipeStdout(stream: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const text = decoder.decode(chunk, { stream: true });
    const match = LISTENING.exec(text);
    process.stdout.write(text);
    if (match !== null) {
      if (!announced) console.log(`\n  ➜ open http://127.0.0.1:${match[1]} in your browser\n`);
      announced = true;
      port = match[1]!;
    }
  }
}

async function run(): Promise<void> {
  while (!stopping) {
    const startedAt = Date.now();
    child = Bun.spawn([process.execPath, "--conditions=@typed-ws/source", main], {
      env: { ...process.env, PORT: port, TYPED_WS_DEMO_SUPERVISED: "1" },
      stdout: "pipe",
      stderr: "inherit",
    });
    const piping = pipeStdout(child.stdout as ReadableStream<Uint8Array>);
    const code = await child.exited;
    await piping;
    if (stopping) break;
    if (code === RESTART_EXIT_CODE) {
      console.log("supervisor: restarting the demo server");
      quickCrashes = 0;
      continue;
    }
    quickCrashes = Date.now() - startedAt < 2000 ? quickCrashes + 1 : 0;
    if (quickCrashes >= 5) {
      console.error("supervisor: the demo server keeps crashing; giving up");
      process.exit(1);
    }
    console.error(`supervisor: the demo server exited with code ${code}; restarting in 1 s`);
    await Bun.sleep(1000);
  }
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    if (child === undefined || child.exitCode !== null) process.exit(0);
    child.kill("SIGTERM");
  });
}

await run();
