import { describe, expect, test } from "bun:test";
import { frameBytes } from "./frame-size.ts";

describe("frameBytes", () => {
  test("counts UTF-8 bytes when the frame may be over the limit", () => {
    expect(frameBytes("é".repeat(10), 20)).toBe(20);
    expect(frameBytes("😀", 2)).toBe(4);
  });

  test("small frames stay under the limit without measuring", () => {
    expect(frameBytes("abc", 100)).toBeLessThanOrEqual(100);
  });

  test("binary frames use byteLength", () => {
    expect(frameBytes(new Uint8Array(7), 1)).toBe(7);
  });
});
