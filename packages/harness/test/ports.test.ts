import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  freePorts,
  isPortTaken,
  type StackPorts,
  startNativeStackOnPorts,
  withPortRetry,
} from "../src/index.js";

// Ports are picked before servers bind them, so another process can take one in between. The
// harness retries that lost race with new ports; anything else still fails at once.

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A port some other process holds for the duration of the test. */
async function takenPort(): Promise<number> {
  // It hangs up on whoever connects (the harness polls Prometheus' port): close() then has no
  // open connection to wait for.
  const srv = createServer((socket) => socket.destroy());
  held.push(srv);
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const address = srv.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("withPortRetry", () => {
  it("retries with new ports when a port is taken, and says so", async () => {
    const taken = await takenPort();
    const picks: number[][] = [];
    const bound = await withPortRetry(
      async () => {
        const ports = picks.length === 0 ? [taken] : await freePorts(1);
        picks.push(ports);
        return ports;
      },
      async ([port]) => {
        const srv = createServer();
        await new Promise<void>((resolve, reject) => {
          srv.once("error", reject);
          srv.listen(port, "127.0.0.1", resolve);
        });
        held.push(srv);
        return port;
      },
    );
    expect(picks).toHaveLength(2);
    expect(bound).not.toBe(taken);
  });

  it("does not retry other errors, and gives up after the last attempt", async () => {
    let calls = 0;
    await expect(
      withPortRetry(
        () => freePorts(1),
        async () => {
          calls++;
          throw new Error("collector not ready: config invalid");
        },
      ),
    ).rejects.toThrow("config invalid");
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withPortRetry(
        () => freePorts(1),
        async () => {
          calls++;
          throw new Error("listen EADDRINUSE: address already in use");
        },
        2,
      ),
    ).rejects.toThrow("EADDRINUSE");
    expect(calls).toBe(2);
  });
});

describe("the real servers on a taken port", () => {
  it.each([
    ["collector (OTLP gRPC)", 0],
    ["Prometheus", 4],
  ])("%s: the start-up error is recognised as a taken port", async (_name, index) => {
    const ports = (await freePorts(5)) as StackPorts;
    ports[index] = await takenPort();
    const err = await startNativeStackOnPorts(ports, { quiet: true, maxSeconds: 120 }).then(
      async (stack) => {
        await stack.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err, "the stack started although a port was taken").toBeInstanceOf(Error);
    expect(isPortTaken(err), String(err)).toBe(true);
  });
});
