/** The payload every request/response workload sends: `{"text":"…"}`, exactly 60 bytes of JSON. */
export const PAYLOAD = { text: "x".repeat(49) } as const;

/** {@link PAYLOAD} as the JSON text the raw echo baseline sends. */
export const PAYLOAD_JSON = JSON.stringify(PAYLOAD);

if (PAYLOAD_JSON.length !== 60) throw new Error(`payload is ${PAYLOAD_JSON.length} bytes, expected 60`);

/** Message types used by the typed-ws and ws-kit servers. */
export const ECHO_TYPE = "ECHO";
export const ECHO_RESULT_TYPE = "ECHO_RESULT";
