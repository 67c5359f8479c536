import { describe, expect, test } from "bun:test";
import { selfTimes } from "./profile-summary.ts";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

describe("selfTimes", () => {
  test("sums each function's sample time, leaves idle out, and shares the rest", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)") },
        { id: 2, callFrame: frame("(idle)") },
        { id: 3, callFrame: frame("begin", "file:///repo/packages/server-bun/src/connection.ts", 38) },
        { id: 4, callFrame: frame("parse") },
        { id: 5, callFrame: frame("begin", "file:///repo/packages/server-bun/src/connection.ts", 38) },
      ],
      samples: [2, 3, 4, 3, 5, 2],
      timeDeltas: [9000, 1000, 2000, 1000, 1000, 9000],
    };
    expect(selfTimes(profile)).toEqual([
      { name: "begin server-bun/src/connection.ts:39", ms: 3, share: 0.6 },
      { name: "parse", ms: 2, share: 0.4 },
    ]);
  });

  test("names dependencies by package and file", () => {
    const url = "file:///repo/node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js";
    const profile = { nodes: [{ id: 1, callFrame: frame("runChecks", url, 33) }], samples: [1], timeDeltas: [500] };
    expect(selfTimes(profile)[0]!.name).toBe("runChecks zod/schemas.js:34");
  });
});
