// After `pnpm build`: every package entry resolves through its `exports` map WITHOUT the
// source condition (as an app installing it from npm would), loads in Node, and has its `.d.ts`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const entries = {
  "@typed-ws/client": ["wsClient", "ProtocolType", "ValidationError", "ServerError"],
  "@typed-ws/client/zod": ["message", "createMessageSchema", "ErrorMessage", "wsClient", "z"],
  "@typed-ws/client/zod-direct": ["enableDirectZodValidation"],
  "@typed-ws/client/valibot": ["message", "createMessageSchema", "ErrorMessage", "wsClient", "v"],
  "@typed-ws/client/protocol": [
    "parseFrame",
    "buildFrame",
    "sniffCorrelationId",
    "BEARER_PROTOCOL_PREFIX",
    "RESERVED_META_KEYS",
    "ErrorCodes",
    "brandMessageSchema",
    "validate",
  ],
  "@typed-ws/client/topics": ["subscribe", "onTopicReset"],
  "@typed-ws/client/testing": ["createTestServer", "TestSocket"],
  "@typed-ws/react": ["WsProvider", "useMessage", "useRequest", "useSend", "useConnectionState"],
  "@typed-ws/react/topics": ["useSubscription"],
  "@typed-ws/server-bun": ["createRouter", "serve", "createHandler"],
  "@typed-ws/server-bun/zod": ["createRouter", "message", "z"],
  "@typed-ws/server-bun/sqlite": ["SqliteTopicStore", "SqliteRequestStore"],
  "@typed-ws/server-bun/redis": ["RedisTopicStore", "RedisRequestStore"],
};

function missingIn(mod, names) {
  return names.filter((name) => !(name in mod));
}

function missingInBun(file, names) {
  const script = `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(Object.keys(m)));`;
  const run = spawnSync("node_modules/.bin/bun", ["-e", script], { encoding: "utf8" });
  if (run.status !== 0) return [`(bun failed: ${run.stderr.trim()})`];
  const keys = new Set(JSON.parse(run.stdout));
  return names.filter((name) => !keys.has(name));
}

const require = createRequire(join(process.cwd(), "package.json"));
let failed = 0;
for (const [specifier, names] of Object.entries(entries)) {
  const file = require.resolve(specifier);
  const types = file.replace(/\.js$/, ".d.ts");
  const problems = [];
  if (!file.includes(`${"/dist/"}`)) problems.push(`resolves to ${file}, not dist/`);
  if (!existsSync(types)) problems.push(`no ${types}`);
  const missing = specifier.startsWith("@typed-ws/server-bun")
    ? missingInBun(file, names) // it needs Bun at run time
    : missingIn(await import(pathToFileURL(file).href), names);
  if (missing.length > 0) problems.push(`missing exports: ${missing.join(", ")}`);
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${specifier} → ${dirname(file)}`);
  for (const problem of problems) console.log(`     ${problem}`);
  failed += problems.length > 0 ? 1 : 0;
}
process.exit(failed > 0 ? 1 : 0);
