import { message, z } from "@typed-ws/client/zod";
import { describe, expect, it, vi } from "vitest";
import { fakeClient } from "../test/fake-client.ts";
import { createMessageObserver } from "./message-observer.ts";

const Count = message("COUNT", { n: z.number(), label: z.string() });
const Other = message("OTHER");
const msg = (n: number, label = "x") => ({ type: "COUNT", meta: {}, payload: { n, label } });

describe("createMessageObserver", () => {
  it("subscribes to the client only while it has listeners", () => {
    const client = fakeClient();
    const observer = createMessageObserver(client, Count);
    expect(client.handlerCount("COUNT")).toBe(0);
    const a = observer.subscribe(() => {});
    const b = observer.subscribe(() => {});
    expect(client.handlerCount("COUNT")).toBe(1);
    a();
    expect(client.handlerCount("COUNT")).toBe(1);
    b();
    expect(client.handlerCount("COUNT")).toBe(0);
  });

  it("keeps the latest message and notifies on each new one", () => {
    const client = fakeClient();
    const observer = createMessageObserver(client, Count);
    const listener = vi.fn();
    observer.subscribe(listener);
    expect(observer.getSnapshot()).toBeUndefined();
    const first = msg(1);
    client.emit("COUNT", first);
    expect(observer.getSnapshot()).toBe(first);
    client.emit("COUNT", msg(2));
    expect(listener).toHaveBeenCalledTimes(2);
    expect(observer.getServerSnapshot()).toBeUndefined();
  });

  it("notifies only when the selected value changes (Object.is, or equals)", () => {
    const client = fakeClient();
    const observer = createMessageObserver(client, Count, { select: (m) => m.payload.n });
    const listener = vi.fn();
    observer.subscribe(listener);
    client.emit("COUNT", msg(1));
    client.emit("COUNT", msg(1, "other label"));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(observer.getSnapshot()).toBe(1);

    const byLabel = createMessageObserver(client, Count, {
      select: (m) => ({ label: m.payload.label }),
      equals: (a, b) => a.label === b.label,
    });
    const labelListener = vi.fn();
    byLabel.subscribe(labelListener);
    client.emit("COUNT", msg(5, "a"));
    client.emit("COUNT", msg(6, "a"));
    client.emit("COUNT", msg(7, "b"));
    expect(labelListener).toHaveBeenCalledTimes(2);
    expect(byLabel.getSnapshot()).toEqual({ label: "b" });
  });

  it("in event form calls the current onMessage and never notifies", () => {
    const client = fakeClient();
    const first = vi.fn();
    const second = vi.fn();
    const observer = createMessageObserver(client, Count, { onMessage: first });
    const listener = vi.fn();
    observer.subscribe(listener);
    client.emit("COUNT", msg(1));
    observer.setOptions(client, Count, { onMessage: second });
    client.emit("COUNT", msg(2));
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledWith(msg(2));
    expect(listener).not.toHaveBeenCalled();
    expect(observer.getSnapshot()).toBeUndefined();
  });

  it("re-derives the value when select changes, and re-subscribes when the schema changes", () => {
    const client = fakeClient();
    const observer = createMessageObserver<typeof Count, unknown>(client, Count, { select: (m) => m.payload.n });
    const listener = vi.fn();
    observer.subscribe(listener);
    client.emit("COUNT", msg(3, "three"));
    observer.setOptions(client, Count, { select: (m) => m.payload.label });
    expect(observer.getSnapshot()).toBe("three");
    expect(listener).toHaveBeenCalledTimes(2);

    observer.setOptions(client, Other as never, {});
    expect(observer.getSnapshot()).toBeUndefined();
    expect(client.handlerCount("COUNT")).toBe(0);
    expect(client.handlerCount("OTHER")).toBe(1);
  });

  it("enabled: false detaches from the client until enabled again", () => {
    const client = fakeClient();
    const observer = createMessageObserver(client, Count, { enabled: false });
    observer.subscribe(() => {});
    expect(client.handlerCount("COUNT")).toBe(0);
    observer.setOptions(client, Count, {});
    expect(client.handlerCount("COUNT")).toBe(1);
    observer.setOptions(client, Count, { enabled: false });
    expect(client.handlerCount("COUNT")).toBe(0);
  });
});
