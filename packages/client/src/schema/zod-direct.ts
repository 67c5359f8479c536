/**
 * A direct checker for the common subset of Zod schemas, built once per message schema from Zod's
 * own definitions (`schema._zod.def`). It answers only "Zod accepts this, and here is Zod's exact
 * output" or "don't know" ({@link NO}); on "don't know" the caller runs Zod, so issues are always
 * Zod's own. Accepting is the only claim it makes, and each kind accepts only where Zod provably
 * succeeds with the same value:
 *
 * - `string`, `number`, `boolean`: the same `typeof` test as Zod's parse (`number` also
 *   `Number.isFinite`, Zod's NaN/±Infinity rule); output is the input. Not with `coerce`.
 * - their checks (`min`/`max`/`length`, `gt`/`gte`/`lt`/`lte`, `int` and number formats,
 *   `multipleOf`, regex and string formats): Zod's own check function runs on the value; accepted
 *   only when it reports nothing and leaves the value unchanged. Zod may skip a check (`when`);
 *   running it anyway can only send more inputs to Zod. Refinements and overwrites: unsupported.
 * - `literal`, `enum`: membership in the schema's own value set (`_zod.values`, what Zod tests).
 * - `unknown`, `any`: the input.
 * - `optional` (not `exactOptional`, not over a defaulted inner), `nullable`, `prefault`: Zod's
 *   branches on `undefined`/`null`, and `prefault` reads `defaultValue` as Zod does.
 * - `object` with no checks, stripping (no catchall) or strict (`never` catchall): a fresh `{}`
 *   filled in shape order by Zod's own property rule (`key in input`, omitted absent optionals);
 *   strict objects first require every enumerable key (`for…in`) to be declared.
 *
 * Anything else (transforms, defaults, pipes, unions, arrays, refinements, symbol or `__proto__`
 * shape keys, recursive shapes) makes {@link directValidator} return `undefined`.
 */

import { type DirectCheck, NO } from "./direct-hook.ts";

export { type DirectCheck, NO };

type Internals = {
  def: Record<string, unknown> & {
    type: string;
    checks?: Array<{ _zod: Internals }>;
  };
  traits: Set<string>;
  values?: Set<unknown>;
  optin?: string;
  optout?: string;
  check?: (payload: { value: unknown; issues: unknown[] }) => unknown;
};
type Schema = { _zod: Internals };
type CheckDef = { check: string; maximum: number; minimum: number; value: unknown; inclusive?: boolean };

const CHECKS = new Set([
  "max_length",
  "min_length",
  "length_equals",
  "less_than",
  "greater_than",
  "number_format",
  "string_format",
  "multiple_of",
]);
const scratch: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };

/**
 * The checks of a string or number schema (format schemas are their own check): each a quick
 * sufficient test, else Zod's own check function. `max_length`: at most `maximum` UTF-16 units
 * means at most `maximum` code points (what Zod counts). `min_length`: at least twice `minimum`
 * units means at least `minimum` code points. Bounds: Zod's own comparison.
 */
function checksOf(zod: Internals): Array<(value: never) => boolean> | undefined {
  const list = [...(zod.traits.has("$ZodCheck") ? [zod] : []), ...(zod.def.checks ?? []).map((c) => c._zod)];
  const out: Array<(value: never) => boolean> = [];
  for (const c of list) {
    const { check: kind, maximum, minimum, value: bound, inclusive } = c.def as unknown as CheckDef;
    const own = c.check;
    if (
      !CHECKS.has(kind) ||
      !own ||
      c.traits.has("$ZodCustomStringFormat") ||
      (kind === "multiple_of" && typeof bound !== "number")
    )
      return undefined;
    const zodCheck = (value: unknown) => {
      scratch.value = value;
      scratch.issues = [];
      own(scratch);
      return !scratch.issues.length && scratch.value === value;
    };
    out.push(
      kind === "max_length"
        ? (value: string) => value.length <= maximum || zodCheck(value)
        : kind === "min_length"
          ? (value: string) => value.length >= 2 * minimum || zodCheck(value)
          : typeof bound === "number" && kind === "less_than"
            ? (value: number) => (inclusive ? value <= bound : value < bound)
            : typeof bound === "number" && kind === "greater_than"
              ? (value: number) => (inclusive ? value >= bound : value > bound)
              : zodCheck,
    );
  }
  return out;
}

/**
 * Builds the direct checker of a schema, or `undefined` when any part of it is outside the subset.
 * Reads shapes, so call it at first validation (shape getters may refer to later definitions).
 */
export function directValidator(schema: unknown, stack: Set<unknown> = new Set()): DirectCheck | undefined {
  const zod = (schema as Schema | undefined)?._zod;
  if (!zod?.def || stack.has(schema)) return undefined;
  const { def, traits } = zod;
  if (def.coerce) return undefined;
  const inner = () => {
    stack.add(schema);
    const check = directValidator(def.innerType, stack);
    stack.delete(schema);
    return check;
  };
  let test: ((value: unknown) => boolean) | undefined;
  switch (def.type) {
    case "string":
      test = (value) => typeof value === "string";
      break;
    case "number":
      test = (value) => typeof value === "number" && Number.isFinite(value);
      break;
    case "boolean":
      test = (value) => typeof value === "boolean";
      break;
  }
  if (test) {
    const checks = checksOf(zod);
    if (!checks) return undefined;
    const base = test;
    return (value) => {
      if (!base(value)) return NO;
      for (let i = 0; i < checks.length; i++) if (!(checks[i] as (value: unknown) => boolean)(value)) return NO;
      return value;
    };
  }
  if (def.checks?.length) return undefined;
  switch (def.type) {
    case "unknown":
    case "any":
      return (value) => value;
    case "literal":
    case "enum": {
      const values = zod.values;
      return values && ((value) => (values.has(value) ? value : NO));
    }
    case "optional": {
      const check = inner();
      const innerZod = (def.innerType as Schema)._zod;
      return traits.has("$ZodExactOptional") || innerZod.optin === "defaulted" || !check
        ? undefined
        : (value) => (value === undefined ? value : check(value));
    }
    case "nullable": {
      const check = inner();
      return check && ((value) => (value === null ? value : check(value)));
    }
    case "prefault": {
      const check = inner();
      return check && ((value) => check(value === undefined ? def.defaultValue : value));
    }
    case "object":
      return objectValidator(schema, def, stack);
  }
  return undefined;
}

function objectValidator(schema: unknown, def: Internals["def"], stack: Set<unknown>): DirectCheck | undefined {
  const catchall = (def.catchall as Schema | undefined)?._zod;
  const shape = def.shape as Record<string, Schema>;
  if ((catchall && (catchall.def.type !== "never" || catchall.def.checks?.length)) || !shape) return undefined;
  const keys = Object.keys(shape);
  if (Object.getOwnPropertySymbols(shape).length || keys.includes("__proto__")) return undefined;
  stack.add(schema);
  const fields = keys.map((key) => {
    const zod = shape[key]?._zod;
    return { key, check: directValidator(shape[key], stack), optin: zod?.optin, optout: zod?.optout };
  });
  stack.delete(schema);
  if (fields.some((field) => !field.check)) return undefined;
  const declared = new Set(keys);
  const n = fields.length;
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return NO;
    if (catchall) for (const key in input) if (!declared.has(key)) return NO;
    const output: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const { key, check, optin, optout } = fields[i] as (typeof fields)[number];
      // Zod's property rule (handlePropertyResult), for the accepting cases only.
      // Zod's order: read the value, then ask `key in input`.
      const raw = (input as Record<string, unknown>)[key];
      const present = key in input;
      const value = (check as DirectCheck)(raw);
      if (!present && optin === "optional" && optout === "optional") continue;
      if (value === NO || (!present && optin === undefined)) return NO;
      if (value !== undefined || present || (optin === "defaulted" && optout !== "optional")) output[key] = value;
    }
    return output;
  };
}
