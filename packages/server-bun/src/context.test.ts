import { describe, expect, test } from "bun:test";
import { message, z } from "@typed-ws/client/zod";
import { Connection } from "./connection.ts";
import { createMessageContext } from "./context.ts";
import { createCore } from "./core.ts";
import type { ServerSocket } from "./types.ts";

const Reply = message("REPLY", { n: z.number() });

function fakeSocket(sent: string[]): ServerSocket<{ clientId: string }> {
  return {
    data: { clientId: "c1" },
    readyState: 1,
    send: (frame: string) => {
      sent.push(frame);
      return frame.length;
    },
    publish: () => 0,
    close: () => {},
    subscribe: () => {},
    unsubscribe: () => {},
    isSubscribed: () => false,
  };
}

function setup() {
  const sent: string[] = [];
  const core = createCore<object>();
  const conn = new Connection(fakeSocket(sent));
  const scope = conn.begin("ASK", "id-7")!;
  const ctx = createMessageContext(core, conn, scope, { type: "ASK", meta: { correlationId: "id-7" }, payload: 1 }, 5);
  return { sent, ctx, conn };
}

describe("message context", () => {
  test("methods work when destructured, and reply keeps the correlation id", () => {
    const { sent, ctx } = setup();
    const { reply, error } = ctx;
    expect(reply(Reply, { n: 1 })).toBe("sent");
    expect(error("LATE")).toBe("dropped"); // one terminal answer
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!)).toMatchObject({ type: "REPLY", meta: { correlationId: "id-7" }, payload: { n: 1 } });
  });

  test("fields are plain data: type, payload, meta, receivedAt, correlationId", () => {
    const { ctx } = setup();
    expect([ctx.type, ctx.payload, ctx.meta, ctx.receivedAt, ctx.correlationId]).toEqual([
      "ASK",
      1,
      { correlationId: "id-7" },
      5,
      "id-7",
    ]);
  });

  test("ctx.signal aborts on $ws:abort, and a reply after it is dropped", () => {
    const { sent, ctx, conn } = setup();
    const signal = ctx.signal;
    conn.abort("id-7");
    expect(signal.aborted).toBe(true);
    expect(ctx.reply(Reply, { n: 2 })).toBe("dropped");
    expect(sent).toHaveLength(0);
  });
});
