/** The capacity figure's fire-and-forget message: the 60-byte payload, validated by every server. */
import { message, z } from "@typed-ws/client/zod";
import { PAYLOAD } from "./payload.ts";

/** Message type the typed-ws and ws-kit capacity servers accept. */
export const INGEST_TYPE = "INGEST";
/** typed-ws: the fire-and-forget message (strict, like every `message()`). */
export const Ingest = message(INGEST_TYPE, { text: z.string().max(500) });

/** The frame each implementation's clients send, as text. */
export const INGEST_FRAMES = {
  raw: JSON.stringify({ type: INGEST_TYPE, meta: {}, payload: PAYLOAD }),
  typed: JSON.stringify({ type: INGEST_TYPE, meta: {}, payload: PAYLOAD }),
  wskit: JSON.stringify({ type: INGEST_TYPE, meta: {}, payload: PAYLOAD }),
  socketio: `42${JSON.stringify(["ingest", PAYLOAD])}`,
} as const;

/** The server implementations the capacity figure compares. */
export type CapacityImpl = keyof typeof INGEST_FRAMES;
