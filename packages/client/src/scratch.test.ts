import * as vb from "@typed-ws/client/valibot";
import { createMessage, message, z } from "@typed-ws/client/zod";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("zod", () => {
    const Chat = message("CHAT", { text: z.string().max(5) }, { version: z.string() });
    expect(createMessage(Chat, { text: "hi" }).success).toBe(false);
    const r = createMessage(Chat, { text: "hi" }, { version: "1" });
    expect(r).toEqual({ success: true, data: { type: "CHAT", meta: { version: "1" }, payload: { text: "hi" } } });
    expect(() => message("X", {}, { clientId: z.string() } as never)).toThrow(/clientId/);
    expect((Chat as any).schema).toBeDefined();
  });
  it("valibot", () => {
    const Chat = vb.message("CHAT", { text: vb.v.string() }, { version: vb.v.string() });
    expect(createMessage(Chat, { text: "hi" }).success).toBe(false);
    expect(createMessage(Chat, { text: "hi" }, { version: "1" }).success).toBe(true);
    const P = vb.message("PING");
    expect(createMessage(P).success).toBe(true);
    expect(vb.v.safeParse(P, { type: "PING", meta: {}, extra: 1 }).success).toBe(false);
  });
});
