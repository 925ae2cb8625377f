import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promSeries, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postOtlpJson, sumRequest } from "../src/otlp-json.js";
import { REPO_ROOT } from "../src/paths.js";
import { PrometheusClient } from "../src/prometheus-client.js";
import {
  type ExtraCollector,
  type NativeStack,
  startExtraCollector,
  startNativeStack,
} from "../src/stack.js";
import { eventually } from "../src/wait.js";

/**
 * The troubleshooting page's queries, as written there, against the real collector and Prometheus:
 * a query that answers the same whatever the cause confirms nothing.
 */

const PAGE = join(REPO_ROOT, "apps/docs/src/content/docs/troubleshooting.md");

/** The lines of the ```promql blocks of one `## ` section of the page. */
function promqlOf(section: string): string[] {
  const text = readFileSync(PAGE, "utf8");
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`troubleshooting.md has no section "${section}"`);
  const end = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```promql\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] as string)
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

describe("troubleshooting: high cardinality", () => {
  const [countAll, bySession] = promqlOf("High cardinality");
  const SERIES = promSeries("claude_code.session.count");
  let stack: NativeStack;
  let keeping: ExtraCollector | undefined;
  let prom: PrometheusClient;

  /** Sessions of one user, each counted once, through a collector's OTLP/HTTP receiver. */
  const sessions = (endpoint: string, user: string, ids: string[]) => {
    const t = Date.now() - 60_000;
    return postOtlpJson(
      endpoint,
      "metrics",
      sumRequest({
        resource: { "service.name": SERVICE_NAME, "service.version": "2.1.331" },
        scope: SCOPES.metrics,
        name: "claude_code.session.count",
        temporality: 1,
        // One after another: without session.id they are one stream, whose points must move on.
        points: ids.map((id, i) => ({
          attributes: { "user.id": user, "session.id": id },
          startMs: t + i * 1000,
          timeMs: t + (i + 1) * 1000,
          value: 1,
        })),
      }),
    );
  };
  const landed = (user: string, total: number) =>
    eventually(async () => {
      const v = await prom.scalar(`sum(${SERIES}{user_id="${user}"})`);
      return v === total ? v : undefined;
    }, `${total} sessions of ${user} in Prometheus`);

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    prom = new PrometheusClient(stack.prometheus.url);
  });
  afterAll(async () => {
    await keeping?.stop();
    await stack?.stop();
  });

  it("the page has both queries", () => {
    expect(countAll).toMatch(/^count\(/);
    expect(bySession).toMatch(/count by \(session_id\)/);
  });

  it("default collector (session.id dropped): the session query returns nothing, where the naive one said 1", async () => {
    expect((await sessions(stack.collector.httpEndpoint, "u-card-default", ["s-a", "s-b"])).status).toBe(200);
    await landed("u-card-default", 2);
    expect(await prom.scalar(countAll as string)).toBeGreaterThanOrEqual(1);
    expect(await prom.query(bySession as string)).toEqual([]);
    // Why the page filters on session_id!="": without it, every series lands in one empty group.
    const naive = (bySession as string).replace(/,\s*session_id!=""/, "");
    expect(naive).not.toBe(bySession);
    expect(await prom.scalar(naive)).toBe(1);
  });

  it("CC_OTEL_KEEP_SESSION_ID=true: the session query counts the sessions that have series", async () => {
    keeping = await startExtraCollector(stack, {
      env: { CC_OTEL_KEEP_SESSION_ID: "true" },
      name: "otelcol-keep",
    });
    const ids = ["s-1", "s-2", "s-3"];
    expect((await sessions(keeping.httpEndpoint, "u-card-kept", ids)).status).toBe(200);
    await landed("u-card-kept", 3);
    expect(await prom.labelValues("session_id")).toEqual(ids);
    expect(await prom.scalar(bySession as string)).toBe(ids.length);
  });
});
