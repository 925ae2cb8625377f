import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { STACK_DIR } from "./paths.js";
import { type ExtraCollector, type NativeStack, startExtraCollector } from "./stack.js";

/**
 * More than one converting collector (stack/collector/config.yaml) writing to one Prometheus, in the
 * two layouts the Kubernetes guide weighs, so that the end-to-end tests and the scale-out benchmark
 * run the same thing:
 * - "balanced": the replicas behind a round-robin HTTP load balancer, as a Kubernetes Service in
 *   front of several pods is when connections move (HTTP/1.1 clients reconnecting, gRPC clients after
 *   a pod restart or a network change). Per request is the worst case of it, on purpose.
 * - "routed": the replicas behind one router collector (stack/collector/router.yaml), whose
 *   load_balancing exporter sends every point and event of a developer (user.id) to one replica.
 * The stack's own collector is replica 0 (the one `restartReplica` restarts, on the same ports).
 */

export type ScaleOutLayout = "balanced" | "routed";

export interface ScaleOut {
  readonly layout: ScaleOutLayout;
  /** Where clients send OTLP over HTTP (base URL; /v1/metrics, /v1/logs appended). */
  readonly httpEndpoint: string;
  /** The converting replicas: the stack's collector first. */
  readonly replicas: readonly (NativeStack | ExtraCollector)[];
  readonly router: ExtraCollector | undefined;
  /** "balanced": requests the load balancer sent to each replica. */
  readonly sent: readonly number[];
  /** Stops replica 0 and starts it again on the same ports: a pod restart. */
  restartReplica(): Promise<void>;
  stop(): Promise<void>;
}

/** Round-robin HTTP proxy: each request goes to the next target, answered with its reply. */
export async function roundRobin(
  targets: readonly string[],
): Promise<{ url: string; sent: number[]; close(): Promise<void> }> {
  const sent = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const i = next++ % targets.length;
      sent[i] = (sent[i] ?? 0) + 1;
      try {
        const reply = await fetch(`${targets[i]}${req.url}`, {
          method: req.method ?? "POST",
          headers: { "content-type": req.headers["content-type"] ?? "application/x-protobuf" },
          body: Buffer.concat(chunks),
          signal: AbortSignal.timeout(30_000),
        });
        res.writeHead(reply.status, { "content-type": reply.headers.get("content-type") ?? "" });
        res.end(Buffer.from(await reply.arrayBuffer()));
      } catch (err) {
        // What a load balancer answers for a backend that is not there: retryable for OTLP clients.
        res.writeHead(502).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** host:port of a collector's OTLP gRPC receiver, as the router's static resolver takes it. */
const grpcHost = (c: NativeStack | ExtraCollector) =>
  ("collector" in c ? c.collector.grpcEndpoint : c.grpcEndpoint).replace(/^https?:\/\//, "");

export async function startScaleOut(
  stack: NativeStack,
  opts: { layout: ScaleOutLayout; replicas: number; maxSeconds?: number },
): Promise<ScaleOut> {
  if (opts.replicas < 1) throw new Error("at least one replica");
  const extras: ExtraCollector[] = [];
  let router: ExtraCollector | undefined;
  let proxy: Awaited<ReturnType<typeof roundRobin>> | undefined;
  const stopAll = async () => {
    await proxy?.close();
    await router?.stop();
    for (const e of extras) await e.stop();
  };
  try {
    for (let i = 1; i < opts.replicas; i++)
      extras.push(
        await startExtraCollector(stack, {
          name: `otelcol-replica-${i + 1}`,
          ...(opts.maxSeconds ? { maxSeconds: opts.maxSeconds } : {}),
        }),
      );
    const replicas = [stack, ...extras];
    if (opts.layout === "routed") {
      router = await startExtraCollector(stack, {
        name: "otelcol-router",
        config: join(STACK_DIR, "collector/router.yaml"),
        env: { CC_OTEL_ROUTER_BACKENDS: `[${replicas.map(grpcHost).join(", ")}]` },
        ...(opts.maxSeconds ? { maxSeconds: opts.maxSeconds } : {}),
      });
    } else {
      proxy = await roundRobin(
        replicas.map((r) => ("collector" in r ? r.collector.httpEndpoint : r.httpEndpoint)),
      );
    }
    const front = router?.httpEndpoint ?? proxy?.url;
    if (!front) throw new Error("no front");
    return {
      layout: opts.layout,
      httpEndpoint: front,
      replicas,
      router,
      sent: proxy?.sent ?? [],
      restartReplica: () => stack.collector.restart(),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
