/** Message schemas shared by the server tests. */
import { message, z } from "../src/zod.ts";

export const Ping = message("PING");
export const Pong = message("PONG");
export const Echo = message("ECHO", { text: z.string().max(50) });
export const EchoReply = message("ECHO_REPLY", { text: z.string() });
export const Fail = message("FAIL", { mode: z.enum(["throw", "reject"]) });
export const Slow = message("SLOW");
export const Join = message("JOIN", { room: z.string() });
export const Say = message("SAY", { room: z.string(), text: z.string() });
export const Said = message("SAID", { room: z.string(), text: z.string(), from: z.string() });
export const WhoAmI = message("WHO_AM_I");
export const Identity = message("IDENTITY", { clientId: z.string(), name: z.string().optional() });
export const SetName = message("SET_NAME", { name: z.string() });
