import { expect, test } from "vitest";
import { createEchoFilter, MAX_EXPECTED } from "./delivery.ts";

test("publications of own messages are taken by text, oldest first; others are not", () => {
  const echoes = createEchoFilter();
  echoes.expect(1, "hi");
  echoes.expect(2, "hi");
  echoes.expect(3, "there");
  expect(echoes.take("from another tab")).toBeUndefined();
  expect(echoes.take("hi")).toBe(1);
  expect(echoes.take("there")).toBe(3);
  expect(echoes.take("hi")).toBe(2);
  expect(echoes.size).toBe(0);
});

test("a refused message is forgotten: its text no longer hides a publication", () => {
  const echoes = createEchoFilter();
  echoes.expect(1, "hi");
  echoes.forget(1);
  expect(echoes.take("hi")).toBeUndefined();
});

test("bounded: publications lost with a dropped socket do not pile up", () => {
  const echoes = createEchoFilter();
  for (let i = 0; i < MAX_EXPECTED + 50; i++) echoes.expect(i, `m${i}`);
  expect(echoes.size).toBe(MAX_EXPECTED);
  expect(echoes.take("m0")).toBeUndefined();
  expect(echoes.take(`m${MAX_EXPECTED + 49}`)).toBe(MAX_EXPECTED + 49);
});
