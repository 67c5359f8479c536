/** Tells the harness which port a server child listens on (first stdout line `PORT <n>`). */
export function announce(port: number | undefined): void {
  if (port === undefined) throw new Error("server has no port");
  process.stdout.write(`PORT ${port}\n`);
}
