import { createServer, type Server } from "node:net";

/**
 * `count` distinct free TCP ports on 127.0.0.1, asked of the kernel. All sockets stay open until
 * every port is picked: closing each before asking for the next lets the kernel hand the same port
 * out twice, and two servers then race for it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => resolve());
      });
    }
    return servers.map((srv) => {
      const address = srv.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  }
}

/** One free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no port");
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls an HTTP URL until it answers 200, or throws naming the URL and what it last saw. `headers`
 * go with every poll (a server that requires credentials on its ready endpoint).
 */
export async function waitForHttp(
  url: string,
  opts: { timeoutMs?: number; isAlive?: () => boolean; name?: string; headers?: Record<string, string> } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let last = "no answer";
  while (Date.now() < deadline) {
    if (opts.isAlive && !opts.isAlive()) throw new Error(`${opts.name ?? url} exited before becoming ready`);
    try {
      const res = await fetch(url, { headers: opts.headers ?? {}, signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${opts.name ?? url} not ready after ${opts.timeoutMs ?? 60_000} ms: ${last}`);
}

/** True when a server's start-up failed because a port was taken. */
export function isPortTaken(err: unknown): boolean {
  return err instanceof Error && /address already in use|EADDRINUSE/i.test(err.message);
}

/**
 * Runs `start` with ports from `pickPorts`, and again with new ones when a port turned out to be
 * taken. Ports are asked of the kernel before the servers bind them, and any process on the machine
 * can take one in between (an outgoing connection gets an ephemeral port too): a lost race is
 * retried, loudly, instead of failing a test that has nothing to do with ports.
 */
export async function withPortRetry<T>(
  pickPorts: () => Promise<number[]>,
  start: (ports: number[]) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const ports = await pickPorts();
    try {
      return await start(ports);
    } catch (err) {
      if (!isPortTaken(err) || attempt >= attempts) throw err;
      process.stderr.write(
        `[harness] WARNING: a port of ${ports.join(", ")} was taken before its server bound it; retrying with new ports (attempt ${attempt + 1} of ${attempts})\n`,
      );
    }
  }
}
