import * as vb from "valibot";
import { describe } from "vitest";
import { z } from "zod";
import * as valibotEntry from "../valibot.ts";
import * as zodEntry from "../zod.ts";
import { schemaContract } from "./contract.cases.ts";
import { createMessageSchema as createValibotSchemas } from "./valibot.ts";
import { createMessageSchema as createZodSchemas } from "./zod.ts";

describe("schema contract: zod", () => {
  schemaContract({
    name: "zod",
    message: zodEntry.message as never,
    factory: () => createZodSchemas(z) as never,
    string: () => z.string(),
    number: () => z.number(),
    maxString: (n) => z.string().max(n),
    uuid: () => z.uuid(),
    optionalString: () => z.string().optional(),
    trimLower: () => z.string().transform((s) => s.trim().toLowerCase()),
    numberDefault: (n) => z.number().optional().default(n),
    isoToDate: () => z.iso.datetime().transform((s) => new Date(s)),
    union: (schemas) => z.discriminatedUnion("type", schemas as never),
    errorCodeAccepts: (schema, value) => (schema as z.ZodType).safeParse(value).success,
  });
});

describe("schema contract: valibot", () => {
  schemaContract({
    name: "valibot",
    message: valibotEntry.message as never,
    factory: () => createValibotSchemas(vb) as never,
    string: () => vb.string(),
    number: () => vb.number(),
    maxString: (n) => vb.pipe(vb.string(), vb.maxLength(n)),
    uuid: () => vb.pipe(vb.string(), vb.uuid()),
    optionalString: () => vb.optional(vb.string()),
    trimLower: () =>
      vb.pipe(
        vb.string(),
        vb.transform((s) => s.trim().toLowerCase()),
      ),
    numberDefault: (n) => vb.optional(vb.number(), n),
    isoToDate: () =>
      vb.pipe(
        vb.string(),
        vb.isoTimestamp(),
        vb.transform((s) => new Date(s)),
      ),
    union: (schemas) => vb.variant("type", schemas as never),
    errorCodeAccepts: (schema, value) => vb.safeParse(schema as vb.GenericSchema, value).success,
  });
});
