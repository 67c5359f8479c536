import { describe, expect, test } from "bun:test";
import { AuthenticationTimeoutError } from "./errors.ts";
import { bearerProtocol, readAccessToken, runAuthenticate } from "./upgrade.ts";

const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe("readAccessToken", () => {
  test("reads the query parameter, then the bearer subprotocol, then the Authorization header", () => {
    expect(readAccessToken(req("http://h/?access_token=q"))).toBe("q");
    expect(readAccessToken(req("http://h/", { "sec-websocket-protocol": "chat, bearer.p" }))).toBe("p");
    expect(readAccessToken(req("http://h/", { authorization: "Bearer h" }))).toBe("h");
    expect(readAccessToken(req("http://h/?token=t"), "token")).toBe("t");
    expect(readAccessToken(req("http://h/"))).toBeUndefined();
  });

  test("bearerProtocol returns the offered bearer.<token> protocol", () => {
    expect(bearerProtocol(req("http://h/", { "sec-websocket-protocol": "a,bearer.x" }))).toBe("bearer.x");
    expect(bearerProtocol(req("http://h/", { "sec-websocket-protocol": "a" }))).toBeUndefined();
  });
});

describe("runAuthenticate", () => {
  const r = req("http://h/");
  test("objects are data; undefined and true accept; false, throws and non-objects reject", async () => {
    expect(await runAuthenticate(() => ({ a: 1 }), r)).toEqual({ ok: true, data: { a: 1 } });
    expect(await runAuthenticate(() => undefined, r)).toEqual({ ok: true, data: undefined });
    expect(await runAuthenticate(() => true, r)).toEqual({ ok: true, data: undefined });
    expect((await runAuthenticate(async () => false, r)).ok).toBe(false);
    expect((await runAuthenticate(() => Promise.reject(new Error("x")), r)).ok).toBe(false);
    expect((await runAuthenticate(() => "yes" as never, r)).ok).toBe(false);
  });

  test("an async authenticate is bounded by the timeout; a sync one is read at once", async () => {
    const never = await runAuthenticate(() => new Promise(() => {}), r, 5);
    expect(never.ok).toBe(false);
    expect(never.ok ? undefined : never.error).toBeInstanceOf(AuthenticationTimeoutError);
    expect(await runAuthenticate(() => ({ a: 1 }), r, 5)).toEqual({ ok: true, data: { a: 1 } });
    const thrown = new Error("x");
    const threw = await runAuthenticate(() => {
      throw thrown;
    }, r);
    expect(threw).toEqual({ ok: false, error: thrown });
  });
});
