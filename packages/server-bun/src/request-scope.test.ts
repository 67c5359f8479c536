import { describe, expect, test } from "bun:test";
import { Connection, RequestAbortedError } from "./connection.ts";
import { RequestScope } from "./request-scope.ts";
import type { ServerSocket } from "./types.ts";

/** A connection with no socket behind it (the scopes here never send). */
const openConnection = () => new Connection({} as ServerSocket<unknown>);

describe("RequestScope", () => {
  test("an abort before anyone read the signal still shows on a signal read later, with its reason", () => {
    const scope = new RequestScope("ECHO", "id-1", openConnection());
    const reason = new Error("client aborted");
    scope.abort(reason);
    expect(scope.aborted).toBe(true);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toBe(reason);
    expect(scope.claimAnswer()).toBe(false);
  });

  test("a signal read before the abort fires its abort event once", () => {
    const scope = new RequestScope("ECHO", "id-1", openConnection());
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
    const connection = openConnection();
    const scope = new RequestScope("NOTE", undefined, connection);
    scope.abort("ignored");
    expect(scope.aborted).toBe(false);
    expect(scope.claimAnswer()).toBe(true);
    expect(scope.signal).toBe(connection.signal);
    connection.close();
    expect(scope.aborted).toBe(true);
    expect(scope.signal.aborted).toBe(true);
  });

  test("the connection's signal, made only when read: aborted on close with the close reason, read before or after", () => {
    const before = openConnection();
    const signal = before.signal;
    let events = 0;
    signal.addEventListener("abort", () => events++);
    before.close();
    before.close();
    expect(events).toBe(1);
    expect(signal.reason).toBeInstanceOf(RequestAbortedError);
    expect((signal.reason as RequestAbortedError).by).toBe("close");

    const after = openConnection();
    const request = after.begin("ECHO", "id-1") as RequestScope;
    after.close();
    expect(after.closed).toBe(true);
    expect(after.signal.aborted).toBe(true);
    expect(after.signal.reason).toBe(request.signal.reason);
    expect(new RequestScope("NOTE", undefined, after).claimAnswer()).toBe(false);
  });

  test("one terminal answer", () => {
    const scope = new RequestScope("ECHO", "id-1", openConnection());
    expect(scope.claimAnswer()).toBe(true);
    expect(scope.answered).toBe(true);
    expect(scope.claimAnswer()).toBe(false);
  });

  test("answerAfterClose: a close aborts the signal but still lets it answer once; $ws:abort silences it", () => {
    const scope = new RequestScope("ECHO", "id-1", openConnection());
    scope.answerAfterClose = true;
    scope.abort("closed", true);
    expect(scope.signal.aborted).toBe(true);
    expect(scope.claimAnswer()).toBe(true);
    scope.releaseAnswer(); // a rolled-back transaction gives the answer back
    scope.abort("client");
    expect(scope.claimAnswer()).toBe(false);
  });

  test("without answerAfterClose a close silences it", () => {
    const scope = new RequestScope("ECHO", "id-1", openConnection());
    scope.abort("closed", true);
    expect(scope.claimAnswer()).toBe(false);
  });
});
