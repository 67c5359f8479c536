/**
 * The demo's topics, shared by the Bun server and the React app. Each room is the topic
 * `room:<roomId>` (the `ROOMS` ids) carrying its chat messages: the client subscribes with
 * `$ws:subscribe` and the server restores what was published while it was away.
 */
import { topic } from "@typed-ws/client/zod";
import { NewMessage } from "./messages.ts";

/** A room's messages: `RoomTopic({ roomId })` names `room:<roomId>`. Presence stays plain messages. */
export const RoomTopic = topic("room:{roomId}", [NewMessage]);
