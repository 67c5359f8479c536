import { describe, expect, test } from "bun:test";
import { RequestScope } from "./request-scope.ts";

describe("RequestScope", () => {
  test("an abort before anyone read the signal still shows on a signal read later, with its reason", () => {
    const scope = new RequestScope("ECHO", "id-1", new AbortController().signal);
    const reason = new Error("client aborted");
    scope.abort(reason);
    expect(scope.aborted).toBe(true);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toBe(reason);
    expect(scope.claimAnswer()).toBe(false);
  });

  test("a signal read before the abort fires its abort event once", () => {
    const scope = new RequestScope("ECHO", "id-1", new AbortController().signal);
    const signal = scope.signal;
    let events = 0;
    signal.addEventListener("abort", () => events++);
    scope.abort("first");
    scope.abort("second");
    expect(events).toBe(1);
    expect(signal.reason).toBe("first");
    expect(scope.signal).toBe(signal);
  });

  test("a message without correlation id uses the connection's signal and ignores abort", () => {
    const connection = new AbortController();
    const scope = new RequestScope("NOTE", undefined, connection.signal);
    scope.abort("ignored");
    expect(scope.aborted).toBe(false);
    expect(scope.signal).toBe(connection.signal);
    connection.abort("closed");
    expect(scope.aborted).toBe(true);
  });

  test("one terminal answer", () => {
    const scope = new RequestScope("ECHO", "id-1", new AbortController().signal);
    expect(scope.claimAnswer()).toBe(true);
    expect(scope.answered).toBe(true);
    expect(scope.claimAnswer()).toBe(false);
  });

  test("answerAfterClose: a close aborts the signal but still lets it answer once; $ws:abort silences it", () => {
    const scope = new RequestScope("ECHO", "id-1", new AbortController().signal);
    scope.answerAfterClose = true;
    scope.abort("closed", true);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.claimAnswer()).toBe(true);
    scope.releaseAnswer(); // a rolled-back transaction gives the answer back
    scope.abort("client");
    expect(scope.claimAnswer()).toBe(false);
  });

  test("without answerAfterClose a close silences it", () => {
    const scope = new RequestScope("ECHO", "id-1", new AbortController().signal);
    scope.abort("closed", true);
    expect(scope.claimAnswer()).toBe(false);
  });
});
