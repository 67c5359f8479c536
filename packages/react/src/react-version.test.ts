import { version } from "react";
import { version as reactDomVersion } from "react-dom";
import { expect, it } from "vitest";

// The `react` project runs these tests on React 19, the `react18` project on React 18 (the peer
// range is ^18 || ^19). This proves the React 18 aliases in vitest.config.ts still apply.
it("runs on the React major its vitest project names", () => {
  const expected = process.env.EXPECTED_REACT_MAJOR;
  expect(expected).toMatch(/^1[89]$/);
  expect(version.split(".")[0]).toBe(expected);
  expect(reactDomVersion.split(".")[0]).toBe(expected);
});
