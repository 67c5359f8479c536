/**
 * Correlation ids for one client (PROTOCOL.md v1.1, "Request / response"): a random prefix of
 * 64 bits — 11 base64url characters from `crypto.getRandomValues`, made once, on the first id —
 * then `.` and a counter in base 36: `"Xk3v_9QaL2w.0"`, `"Xk3v_9QaL2w.1"`, … Unique while any
 * server may remember them, and cheaper than a UUID per request.
 */
export function createIds(): () => string {
  let prefix: string | undefined;
  let counter = 0;
  return () => {
    // Lazily: creating a client touches no globals.
    prefix ??= btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(8))))
      .slice(0, 11)
      .replace(/[+/]/g, (c) => (c === "+" ? "-" : "_"));
    return `${prefix}.${(counter++).toString(36)}`;
  };
}
