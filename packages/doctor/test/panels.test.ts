import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { panelQueries, resolveQuery } from "@cc-otel/dashboard";
import { type NativeStack, REPO_ROOT, startNativeStack } from "@cc-otel/harness";
import { type Ledger, runSimulation } from "@cc-otel/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";

/**
 * `pnpm run doctor --panels` against the real collector and Prometheus of the native harness.
 * Its Prometheus half runs here for real. Its LogQL half needs a real Loki, which cannot run on
 * these machines (AGPL): the harness's Loki is an ingestion stand-in without a query API, so here
 * the Loki panels are skipped with --loki-readback=skip, and the LogQL requests are checked
 * against a fake query API for their form only (what is sent, not what Loki answers). Users with
 * Docker run the full check against `pnpm stack:up` (docs: troubleshooting).
 */

const panels = new Map(panelQueries().map((q) => [q.panelId, q]));
const promPanels = [...panels.values()].filter((q) => q.datasource === "prometheus");
const lokiPanels = [...panels.values()].filter((q) => q.datasource === "loki");

/** A panel's line, by its id: `<status> <id>  <title> (<language>): <detail>`. */
function lineOf(output: string, id: number): string {
  const line = output.split("\n").find((l) => new RegExp(`^\\S+(?: data)?\\s+${id}  `).test(l));
  if (!line) throw new Error(`no line for panel ${id} in:\n${output}`);
  return line;
}

describe("pnpm run doctor --panels", () => {
  let stack: NativeStack;
  let prometheus: string;
  let ledger: Ledger;

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true, maxSeconds: 900 });
    prometheus = stack.prometheus.url;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const run = (...args: string[]) => main(["--panels", `--prometheus=${prometheus}`, ...args], {});

  it("before any data: one line per panel, each Prometheus panel 'no data' because nothing arrived yet", async () => {
    const { code, output } = await run("--loki-readback=skip");
    expect(code, output).toBe(0);
    for (const q of promPanels)
      expect(lineOf(output, q.panelId)).toMatch(/^no data .*nothing of this kind in 30 days/);
    for (const q of lokiPanels) expect(lineOf(output, q.panelId)).toMatch(/^skipped .*LogQL not run/);
    expect(output).toContain(
      `${panels.size} panels: 0 ok, ${promPanels.length} no data, 0 error, ${lokiPanels.length} skipped`,
    );
  });

  it("after a simulated day: every Prometheus panel ok, Total Cost (range) the cost that was sent", async () => {
    ledger = await runSimulation({
      scenario: "team",
      users: 10,
      seed: "doctor-panels",
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: 23 * 3600_000 },
      // A working day in the window whatever day the tests run (weekends are mostly idle).
      workWeekends: true,
    });
    // Every panel has something to show only if the day had every kind of event (API errors too).
    expect(ledger.events.api_error, "API errors in the simulated day").toBeGreaterThan(0);
    // The "today" panels need data since midnight, which a backfill ending at 00:30 or 07:00 has
    // not: a few minutes of a team at work, live (stamped now), whatever the hour.
    const now = await runSimulation({
      scenario: "steady",
      users: 3,
      seed: "doctor-panels-now",
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "live", speed: 1200, durationMs: 4000 },
      emitter: "sdk",
      metricExportIntervalMs: 1000,
      logExportIntervalMs: 1000,
    });
    expect(now.totals.costUsd, "cost sent live").toBeGreaterThan(0);
    const sentUsd = ledger.totals.costUsd + now.totals.costUsd;
    // Remote write and the event metrics take a few seconds: wait until every panel has data and the
    // range's cost is all that was sent.
    const rangeCost = (out: string) => Number(lineOf(out, 39).split(": ").at(-1));
    let { code, output } = await run("--loki-readback=skip");
    for (
      let i = 0;
      i < 60 && (/^no data /m.test(output) || Math.abs(rangeCost(output) - sentUsd) > 0.005);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 1000));
      ({ code, output } = await run("--loki-readback=skip"));
    }
    expect(code, output).toBe(0);
    console.info(output);
    for (const q of promPanels) expect(lineOf(output, q.panelId), output).toMatch(/^ok /);
    expect(rangeCost(output)).toBeCloseTo(sentUsd, 2);
  });

  it("runs as the docs write it: pnpm run doctor --panels", () => {
    const res = spawnSync(
      "pnpm",
      ["run", "doctor", "--panels", `--prometheus=${prometheus}`, "--loki-readback=skip"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 300_000,
      },
    );
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    for (const q of promPanels) expect(lineOf(res.stdout, q.panelId)).toMatch(/^ok /);
  });

  it("an unreachable Prometheus: every Prometheus panel an error saying why, exit 1", async () => {
    const closed = await serve(() => undefined);
    await closed.close(); // a port nothing listens on any more
    const { code, output } = await main(
      ["--panels", `--prometheus=${closed.url}`, "--loki-readback=skip"],
      {},
    );
    expect(code).toBe(1);
    for (const q of promPanels) expect(lineOf(output, q.panelId)).toMatch(/^error .*connection refused/);
  });

  it("a query Prometheus rejects: the panel's line carries Prometheus' own message", async () => {
    const fake = await serve((_path, res) => {
      res.statusCode = 422;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          status: "error",
          errorType: "execution",
          error: "query processing would load too many samples",
        }),
      );
    });
    try {
      const { code, output } = await main(
        ["--panels", `--prometheus=${fake.url}`, "--loki-readback=skip"],
        {},
      );
      expect(code).toBe(1);
      expect(lineOf(output, 2)).toContain("HTTP 422: query processing would load too many samples");
    } finally {
      await fake.close();
    }
  });

  it("sends each Loki panel's LogQL to Loki's query API as Grafana would (a fake API: the form only)", async () => {
    const seen: URL[] = [];
    const fake = await serve((url, res) => {
      seen.push(url);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data: { resultType: "streams", result: [] } }));
    });
    try {
      const { output } = await main(
        ["--panels", `--prometheus=${prometheus}`, `--loki=${fake.url}`, "--range=6h"],
        {},
      );
      for (const q of lokiPanels) {
        expect(lineOf(output, q.panelId)).toMatch(/^(ok|no data) /);
        const sent = seen.find(
          (u) => u.searchParams.get("query") === resolveQuery(q, { dashboardRange: "6h" }).expr,
        );
        expect(sent, `panel ${q.panelId}'s LogQL`).toBeDefined();
        expect(sent?.pathname).toBe(q.instant ? "/loki/api/v1/query" : "/loki/api/v1/query_range");
      }
    } finally {
      await fake.close();
    }
  });

  it("refuses a range it cannot read", async () => {
    const { code, output } = await run("--range=yesterday");
    expect(code).toBe(2);
    expect(output).toContain("--range must be a duration such as 24h or 7d, got yesterday");
  });
});

async function serve(handle: (url: URL, res: import("node:http").ServerResponse) => void) {
  const server: Server = createServer((req, res) => handle(new URL(req.url ?? "/", "http://x"), res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
