/** Peer server: socket.io over WebSocket only; "echo" acknowledges with the payload (for `emitWithAck`). */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { announce } from "../lib/server-util.ts";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  socket.on("echo", (payload: unknown, ack: (reply: unknown) => void) => ack(payload));
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  announce(typeof address === "object" && address !== null ? address.port : undefined);
});
