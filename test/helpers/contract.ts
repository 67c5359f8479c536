/**
 * One message contract, written twice: with Zod and with Valibot. Both sides type-check against
 * the same validator-neutral {@link Contract}, so a test can pair a Zod client with a Valibot
 * server (or the other way round) and prove the two validators agree on the wire.
 */
import type { InferMessage, InferMessageInput, InferType, MessageSchema } from "@typed-ws/client";
import { v, message as valibotMessage } from "@typed-ws/client/valibot";
import { z, message as zodMessage } from "@typed-ws/client/zod";

/** The contract with Zod schemas. */
export const zodContract = {
  /** Fire-and-forget; the server records `n`. */
  Seq: zodMessage("SEQ", { n: z.number().int() }),
  /** Request answered with `EchoReply` at once. */
  Echo: zodMessage("ECHO", { n: z.number() }),
  EchoReply: zodMessage("ECHO_REPLY", { n: z.number() }),
  /** Request the server holds until its `ctx.signal` aborts; then it tries to reply anyway. */
  Hold: zodMessage("HOLD", { n: z.number() }),
  /** Request answered with `ctx.error("RATE_LIMIT_EXCEEDED", …, { retryAfterMs })`. */
  Limited: zodMessage("LIMITED", { n: z.number() }),
  /** Request whose handler throws. */
  Boom: zodMessage("BOOM", { n: z.number() }),
  /** Request answered with the token the connection authenticated with. */
  WhoAmI: zodMessage("WHO_AM_I"),
  Identity: zodMessage("IDENTITY", { token: z.string() }),
};

/** The same contract with Valibot schemas. */
export const valibotContract = {
  Seq: valibotMessage("SEQ", { n: v.pipe(v.number(), v.integer()) }),
  Echo: valibotMessage("ECHO", { n: v.number() }),
  EchoReply: valibotMessage("ECHO_REPLY", { n: v.number() }),
  Hold: valibotMessage("HOLD", { n: v.number() }),
  Limited: valibotMessage("LIMITED", { n: v.number() }),
  Boom: valibotMessage("BOOM", { n: v.number() }),
  WhoAmI: valibotMessage("WHO_AM_I"),
  Identity: valibotMessage("IDENTITY", { token: v.string() }),
};

type Neutral<S extends MessageSchema> = MessageSchema<InferType<S>, InferMessageInput<S>, InferMessage<S>>;

/** The contract as both ends see it, whichever validator built the schemas. */
export type Contract = { readonly [K in keyof typeof zodContract]: Neutral<(typeof zodContract)[K]> };

/** Both validators, by name, for tests that pick one per side. */
export const contracts: Readonly<Record<"zod" | "valibot", Contract>> = {
  zod: zodContract,
  valibot: valibotContract,
};
