/** The typed-ws message contract every typed workload shares (client and server). */
import { message, z } from "@typed-ws/client/zod";

/** Request: the 60-byte payload. */
export const Echo = message("ECHO", { text: z.string().max(500) });
/** Response: the same payload back. */
export const EchoResult = message("ECHO_RESULT", { text: z.string() });
/** Fan-out: subscribe this connection to the bench topic. */
export const Subscribe = message("SUBSCRIBE");
/** Fan-out: subscribed. */
export const Subscribed = message("SUBSCRIBED");
/** Fan-out: publish `count` {@link Tick}s to the bench topic. */
export const PublishBurst = message("PUBLISH_BURST", { count: z.number().int().positive() });
/** Fan-out: published. */
export const Published = message("PUBLISHED", { count: z.number() });
/** Fan-out: the message each subscriber receives (same 60-byte payload). */
export const Tick = message("TICK", { text: z.string() });

/** The fan-out topic. */
export const TOPIC = "bench";
