import { describe, expect, test } from "vitest";
import { formatNumber, parseNumber } from "./number.ts";

describe("formatNumber", () => {
  test("drops binary rounding noise: 15 significant digits", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(1.1 * 3)).toBe("3.3");
    expect(formatNumber(-2)).toBe("-2");
    expect(formatNumber(0)).toBe("0");
  });

  test("groups digits, and uses exponents for very large or small magnitudes", () => {
    expect(formatNumber(1_000_000_000)).toBe("1,000,000,000");
    expect(formatNumber(123456.789)).toBe("123,456.789");
    expect(formatNumber(1e300)).toBe("1e+300");
    expect(formatNumber(-1.5e20)).toBe("-1.5e+20");
    expect(formatNumber(1e-7)).toBe("1e-7");
    expect(formatNumber(0.000123)).toBe("0.000123");
  });
});

describe("parseNumber", () => {
  test("reads what people type", () => {
    expect(parseNumber("5")).toEqual({ ok: true, value: 5 });
    expect(parseNumber(" -2.5 ")).toEqual({ ok: true, value: -2.5 });
    expect(parseNumber("+.5")).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber("1e308")).toEqual({ ok: true, value: 1e308 });
    expect(parseNumber("1,5")).toEqual({ ok: true, value: 1.5 });
    expect(parseNumber("3.")).toEqual({ ok: true, value: 3 });
  });

  test("refuses empty text and non-numbers with a reason, never 0", () => {
    expect(parseNumber("")).toEqual({ ok: false, problem: "is empty" });
    expect(parseNumber("   ")).toEqual({ ok: false, problem: "is empty" });
    expect(parseNumber("abc")).toEqual({ ok: false, problem: "“abc” is not a number" });
    expect(parseNumber("0x10")).toEqual({ ok: false, problem: "“0x10” is not a number" });
    expect(parseNumber("1,000,000")).toEqual({ ok: false, problem: "“1,000,000” is not a number" });
    expect(parseNumber("Infinity")).toEqual({ ok: false, problem: "“Infinity” is not a number" });
    expect(parseNumber("1e400")).toEqual({ ok: false, problem: "is too large" });
  });
});
