import { describe, expect, it } from "vitest";
import { createListeners } from "./listeners.ts";

describe("createListeners", () => {
  it("calls every listener in order, the same function added twice twice, and hands throws to onThrow", () => {
    const thrown: unknown[] = [];
    const listeners = createListeners<number>((error) => thrown.push(error));
    const calls: string[] = [];
    const a = (value: number) => calls.push(`a${value}`);
    listeners.add(a);
    listeners.add(() => {
      throw new Error("boom");
    });
    listeners.add(a);
    listeners.emit(1);
    expect(calls).toEqual(["a1", "a1"]);
    expect(thrown).toHaveLength(1);
  });

  it("runs a listener added during emit only from the next emit", () => {
    const listeners = createListeners<number>();
    const calls: string[] = [];
    listeners.add((value) => {
      calls.push(`first${value}`);
      if (value === 1) listeners.add((later) => calls.push(`added${later}`));
    });
    listeners.emit(1);
    expect(calls).toEqual(["first1"]);
    listeners.emit(2);
    expect(calls).toEqual(["first1", "first2", "added2"]);
  });

  it("still runs a listener removed during emit this time, and not from the next emit", () => {
    const listeners = createListeners<number>();
    const calls: string[] = [];
    let removeSecond = () => {};
    listeners.add((value) => {
      calls.push(`first${value}`);
      removeSecond();
    });
    removeSecond = listeners.add((value) => calls.push(`second${value}`));
    listeners.emit(1);
    expect(calls).toEqual(["first1", "second1"]);
    listeners.emit(2);
    expect(calls).toEqual(["first1", "second1", "first2"]);
  });

  it("removes only the subscription whose unsubscribe was called, and unsubscribing twice is harmless", () => {
    const listeners = createListeners<number>();
    const calls: number[] = [];
    const listener = (value: number) => calls.push(value);
    const off = listeners.add(listener);
    listeners.add(listener);
    off();
    off();
    listeners.emit(7);
    expect(calls).toEqual([7]);
  });
});
