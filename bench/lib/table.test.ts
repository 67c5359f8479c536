import { describe, expect, test } from "bun:test";
import { renderTable, targetsOf } from "./table.ts";

describe("renderTable", () => {
  test("prints both ratios with their baselines and each target's verdict", () => {
    const table = renderTable([
      {
        figure: "1",
        name: "typed-ws client@bun pipelined",
        value: 120_000,
        unit: "req/s",
        baseline: "raw echo (bun)",
        ratio: 0.4,
        baseline2: "raw echo, JSON/req (bun)",
        ratio2: 0.45,
        targets: [
          { label: "> socket.io", pass: true },
          { label: "≥ 0.8× bare", pass: false },
        ],
      },
    ]);
    const row = table.split("\n")[2]!;
    expect(row).toContain("120,000");
    expect(row).toContain("0.40×  raw echo (bun)");
    expect(row).toContain("0.45×  raw echo, JSON/req (bun)");
    expect(row).toContain("PASS > socket.io; MISS ≥ 0.8× bare");
  });
});

describe("targetsOf", () => {
  test("lists every target with the row it belongs to", () => {
    const targets = targetsOf([
      { figure: "5", name: "core", value: 6.2, unit: "kB", targets: [{ label: "≤ 6 kB", pass: false }] },
      { figure: "5", name: "wsClient", value: 5.8, unit: "kB" },
    ]);
    expect(targets).toEqual([{ label: "≤ 6 kB", pass: false, row: "5 core" }]);
  });
});
