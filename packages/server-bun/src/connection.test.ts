import { describe, expect, test } from "bun:test";
import { Connection, type RequestAbortedError } from "./connection.ts";
import type { RequestScope } from "./request-scope.ts";
import type { ServerSocket } from "./types.ts";

/** A connection with no socket behind it (the scopes here never send). */
const openConnection = () => new Connection({} as ServerSocket<unknown>);

describe("Connection: requests in flight", () => {
  test("a request running synchronously counts as in flight and refuses its duplicate; after end its id is free", () => {
    const conn = openConnection();
    const scope = conn.begin("ECHO", "id-1") as RequestScope;
    expect(conn.pending).toBe(1);
    expect(conn.begin("ECHO", "id-1")).toBeUndefined();
    conn.end(scope);
    expect(conn.pending).toBe(0);
    expect(conn.begin("ECHO", "id-1")).toBeDefined();
  });

  test("a request begun while another runs synchronously: both in flight, each refusing its duplicate", () => {
    const conn = openConnection();
    const outer = conn.begin("ECHO", "outer") as RequestScope;
    const inner = conn.begin("ECHO", "inner") as RequestScope;
    expect(conn.pending).toBe(2);
    expect(conn.begin("ECHO", "outer")).toBeUndefined();
    expect(conn.begin("ECHO", "inner")).toBeUndefined();
    conn.end(inner);
    conn.end(outer);
    expect(conn.pending).toBe(0);
  });

  test("a request that went asynchronous (keep) is found by $ws:abort and refuses duplicates until it ends", () => {
    const conn = openConnection();
    const scope = conn.begin("ECHO", "id-1") as RequestScope;
    conn.keep(scope);
    expect(conn.pending).toBe(1);
    expect(conn.begin("ECHO", "id-1")).toBeUndefined();
    expect(conn.abort("id-1")).toBe(true);
    expect(scope.aborted).toBe(true);
    expect((scope.signal.reason as RequestAbortedError).by).toBe("client");
    expect(conn.pending).toBe(0);
    expect(conn.abort("id-1")).toBe(false);
  });

  test("a request begun on another connection while one runs synchronously: each stays in flight on its own connection", () => {
    const a = openConnection();
    const b = openConnection();
    const outer = a.begin("ECHO", "same") as RequestScope;
    const inner = b.begin("ECHO", "same") as RequestScope; // the same id on another connection is another request
    expect(inner).toBeDefined();
    expect(a.pending).toBe(1);
    expect(b.pending).toBe(1);
    expect(a.begin("ECHO", "same")).toBeUndefined();
    expect(a.abort("same")).toBe(true);
    expect(outer.aborted).toBe(true);
    expect(inner.aborted).toBe(false);
    b.end(inner);
    a.end(outer);
    expect(a.pending + b.pending).toBe(0);
  });

  test("$ws:abort and close reach a request still running synchronously", () => {
    const conn = openConnection();
    const aborted = conn.begin("ECHO", "a") as RequestScope;
    expect(conn.abort("a")).toBe(true);
    expect(aborted.aborted).toBe(true);
    conn.end(aborted);

    const closed = conn.begin("ECHO", "b") as RequestScope;
    conn.close();
    expect(closed.aborted).toBe(true);
    expect((closed.signal.reason as RequestAbortedError).by).toBe("close");
    expect(closed.claimAnswer()).toBe(false);
    conn.end(closed);
    expect(conn.pending).toBe(0);
  });
});
