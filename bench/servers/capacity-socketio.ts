/**
 * Capacity figure, socket.io (WebSocket transport only, Bun's `node:http`): the "ingest" event's
 * payload is validated with the same Zod schema in the handler (socket.io has no schemas of its
 * own, so this is what an app does) and counted when valid.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { z } from "zod";
import { startControl } from "../lib/control.ts";
import { announce } from "../lib/server-util.ts";

const IngestPayload = z.strictObject({ text: z.string().max(500) });

let count = 0;
const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  socket.on("ingest", (payload: unknown) => {
    if (IngestPayload.safeParse(payload).success) count++;
  });
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  startControl(() => count);
  announce(typeof address === "object" && address !== null ? address.port : undefined);
});
