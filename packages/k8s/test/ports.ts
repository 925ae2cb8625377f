import { createServer, type Server } from "node:net";

/**
 * `count` distinct free TCP ports on 127.0.0.1. Every socket stays open until all are picked, so
 * two picks cannot return the same port (closing each before the next pick could). Same as the
 * harness's freePorts; this package's tests do not depend on the harness.
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
