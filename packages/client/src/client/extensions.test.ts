import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../../test/mock-server.ts";
import { ConnectionClosedError } from "../errors.ts";
import type { Envelope } from "../protocol.ts";
import { message, z } from "../zod.ts";
import { type ClientExtension, type ExtensionCore, extend } from "./extensions.ts";

const Chat = message("CHAT", { text: z.string() });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

/** An extension that records what the core tells it and takes frames of type `MINE`. */
function recorder(calls: string[]) {
  let core: ExtensionCore | undefined;
  const make = (given: ExtensionCore): ClientExtension & { core: () => ExtensionCore } => {
    core = given;
    calls.push("made");
    return {
      core: () => core as ExtensionCore,
      opened: () => calls.push("opened"),
      lost: (error, final) => calls.push(`lost:${error instanceof ConnectionClosedError}:${final}`),
      handle: (envelope: Envelope) => {
        if (envelope.type !== "MINE") return false;
        calls.push(`took:${envelope.type}`);
        return true;
      },
    };
  };
  return make;
}

describe("the extension seam", () => {
  it("attaches once per client and key; another client gets its own", () => {
    h = createHarness();
    const other = createHarness();
    const calls: string[] = [];
    const make = recorder(calls);
    const first = extend(h.client, make, make);
    expect(extend(h.client, make, make)).toBe(first);
    expect(extend(other.client, make, make)).not.toBe(first);
    expect(calls).toEqual(["made", "made"]);
    other.dispose();
  });

  it("hooks: opened on every open, lost on drops and on close, handle before the handlers", async () => {
    h = createHarness({ random: () => 0 });
    const calls: string[] = [];
    const make = recorder(calls);
    extend(h.client, make, make);
    const chats: string[] = [];
    h.client.on(Chat, (msg) => chats.push(msg.payload.text));
    await Promise.all([h.client.connect(), h.tick()]);
    h.push(JSON.stringify({ type: "MINE", meta: {} }));
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "hi" } }));
    h.socket().close({ code: 1006, reason: "", wasClean: false });
    await h.tick(10); // reconnects at once (random 0)
    h.client.close();
    expect(calls).toEqual(["made", "opened", "took:MINE", "lost:true:false", "opened", "lost:true:true"]);
    expect(chats).toEqual(["hi"]); // not taken by the extension: the handlers got it
    expect(h.unhandled).toEqual([]);
  });

  it("lends send (false when not open, nothing queued) and autoConnect", async () => {
    h = createHarness();
    const make = recorder([]);
    const { core } = extend(h.client, make, make);
    expect(core().send({ type: "X", data: '{"type":"X"}' })).toBe(false);
    expect(h.client.state).toMatchObject({ status: "idle", queued: 0 });
    core().autoConnect();
    expect(h.client.state.status).toBe("connecting");
    await h.tick();
    expect(core().send({ type: "X", data: '{"type":"X"}' })).toBe(true);
    await h.tick();
    expect(h.ofType("X")).toHaveLength(1);
  });

  it("throws a TypeError for a client not made by wsClient()", () => {
    h = createHarness();
    const fake = Object.fromEntries(Object.entries(h.client)) as unknown as typeof h.client;
    expect(() => extend(fake, {}, recorder([]))).toThrow(/client made by wsClient\(\)/);
  });
});
