/** The topic of the Redis test app (test/helpers/redis-app.ts), shared with in-process tests. */
import { message, topic, z } from "@typed-ws/server-bun/zod";

export const NewMessage = message("NEW_MESSAGE", { text: z.string() });
export const Room = topic("room:{roomId}", [NewMessage]);
