import { describe, expectTypeOf, it } from "vitest";
import type { UrlAttempt, UrlFunction, WsClientOptions } from "./types.ts";

type Url = WsClientOptions["url"];

describe("the url option", () => {
  it("takes a URL, a list of them, or a function per attempt (sync or async)", () => {
    expectTypeOf<"ws://a.test/">().toExtend<Url>();
    expectTypeOf<URL>().toExtend<Url>();
    expectTypeOf<readonly ["ws://a.test/", URL]>().toExtend<Url>();
    expectTypeOf<() => string>().toExtend<Url>();
    expectTypeOf<(attempt: UrlAttempt) => Promise<URL>>().toExtend<Url>();
    expectTypeOf<Parameters<UrlFunction>[0]>().toEqualTypeOf<UrlAttempt>();
    expectTypeOf<UrlAttempt["attempt"]>().toEqualTypeOf<number>();
    expectTypeOf<UrlAttempt["lastUrl"]>().toEqualTypeOf<string | undefined>();
  });

  it("refuses anything else", () => {
    // @ts-expect-error a number is not a URL
    const port: Url = 3000;
    // @ts-expect-error a function must answer a URL
    const answer: Url = () => 3000;
    // @ts-expect-error nor may it take something the client does not pass
    const wrong: Url = (attempt: { region: string }) => `wss://${attempt.region}.example.test/`;
    expectTypeOf([port, answer, wrong]).not.toBeNever();
  });
});
