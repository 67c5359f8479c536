/**
 * Capacity figure client (Bun, a separate process from the server): opens `--connections`
 * WebSockets to `--url` (speaking just enough of the `--impl` protocol to stay connected:
 * socket.io's namespace connect and ping/pong), prints `READY`, then obeys stdin:
 * `go` sends `--messages` fire-and-forget frames round-robin over the connections and prints
 * `SENT`; `close` closes every connection and exits.
 */
import { arg } from "../lib/child.ts";
import { type CapacityImpl, INGEST_FRAMES } from "../lib/ingest.ts";

const impl = arg("impl", "typed") as CapacityImpl;
const url = arg("url", "");
const connections = Number(arg("connections", "1000"));
const messages = Number(arg("messages", "0"));
const BATCH = 250;

const frame = INGEST_FRAMES[impl];
const endpoint = impl === "socketio" ? `${url}/socket.io/?EIO=4&transport=websocket` : url;

/** Opens one connection; resolves when it can carry messages (socket.io: namespace joined). */
function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(endpoint);
    socket.onerror = () => reject(new Error(`cannot connect to ${endpoint}`));
    if (impl !== "socketio") {
      socket.onopen = () => resolve(socket);
      return;
    }
    socket.onmessage = (event) => {
      const data = String(event.data);
      if (data.startsWith("0")) socket.send("40");
      else if (data.startsWith("40")) resolve(socket);
      else if (data === "2") socket.send("3");
    };
  });
}

const sockets: WebSocket[] = [];
for (let opened = 0; opened < connections; opened += BATCH) {
  const batch = Math.min(BATCH, connections - opened);
  sockets.push(...(await Promise.all(Array.from({ length: batch }, open))));
}
process.stdout.write("READY\n");

async function send(): Promise<void> {
  let sent = 0;
  while (sent < messages) {
    for (let i = 0; i < sockets.length && sent < messages; i++, sent++) sockets[i]!.send(frame);
    await Bun.sleep(0);
  }
  process.stdout.write("SENT\n");
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffered += chunk;
  for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
    const command = buffered.slice(0, i).trim();
    buffered = buffered.slice(i + 1);
    if (command === "go") void send();
    if (command === "close") {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
  }
});
