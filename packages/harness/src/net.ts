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

/** Polls an HTTP URL until it answers 200, or throws naming the URL and what it last saw. */
export async function waitForHttp(
  url: string,
  opts: { timeoutMs?: number; isAlive?: () => boolean; name?: string } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let last = "no answer";
  while (Date.now() < deadline) {
    if (opts.isAlive && !opts.isAlive()) throw new Error(`${opts.name ?? url} exited before becoming ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${opts.name ?? url} not ready after ${opts.timeoutMs ?? 60_000} ms: ${last}`);
}
