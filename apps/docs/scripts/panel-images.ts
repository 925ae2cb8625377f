/**
 * Renders pictures of dashboard panels from real data, for the docs' dashboard gallery.
 *
 * A simulated team day (fixed seed) goes through the real OpenTelemetry Collector into real
 * Prometheus (the native stack of @cc-otel/harness); a handful of Prometheus panel queries are then
 * run exactly as the dashboard defines them (resolved as Grafana would send them) and each result is
 * drawn as a self-contained SVG in the style of a Grafana dark panel. Grafana itself does not run
 * here: the pictures are cc-otel's own rendering of the same queries, not screenshots.
 *
 * Writes src/assets/panels/*.svg, src/assets/panels/panels.json (every number drawn) and the page
 * src/content/docs/dashboard-gallery.md. Starts servers: not part of the docs tests, which redraw the
 * committed pictures from panels.json instead. What is pictured and how: ./panel-pictures.ts.
 * Run: pnpm --filter @cc-otel/docs panel-images
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promSeries } from "@cc-otel/contract";
import { resolveQuery } from "@cc-otel/dashboard";
import {
  close,
  eventually,
  PrometheusClient,
  REPO_ROOT,
  stackVersions,
  startNativeStack,
} from "@cc-otel/harness";
import { runSimulation } from "@cc-otel/simulator";
import {
  drawPicture,
  type GalleryPanel,
  legendName,
  pictureSpecs,
  type Result,
  renderPage,
  slug,
} from "./panel-pictures.ts";

const DOCS_DIR = fileURLToPath(new URL("..", import.meta.url));
const SEED = "docs-gallery";
const USERS = 10;
const SCENARIO = "team";
const DAY = 24 * 3600_000;
const WINDOW_MS = DAY - 10 * 60_000;
const COMMAND = "pnpm --filter @cc-otel/docs panel-images";
const OUT_DIR = join(DOCS_DIR, "src", "assets", "panels");
const PAGE = join(DOCS_DIR, "src", "content", "docs", "dashboard-gallery.md");

async function main(): Promise<void> {
  const versions = stackVersions();
  const specs = pictureSpecs();

  console.log("starting the native stack (real collector + real Prometheus)...");
  const stack = await startNativeStack({ quiet: true });
  try {
    const prom = new PrometheusClient(stack.prometheus.url);
    console.log(`backfilling a simulated ${SCENARIO} day: ${USERS} users, seed ${SEED}...`);
    const ledger = await runSimulation({
      scenario: SCENARIO,
      users: USERS,
      seed: SEED,
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: WINDOW_MS },
    });
    let cost: number | undefined;
    await eventually(
      async () => {
        cost = await prom.scalar(`sum(last_over_time(${promSeries("claude_code.cost.usage")}[25h]))`);
        return cost !== undefined && close(cost, ledger.totals.costUsd, 1e-9) ? true : undefined;
      },
      "the simulated day in Prometheus",
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        last: () => `Prometheus has ${cost}, the simulator sent ${ledger.totals.costUsd}`,
      },
    );
    const now = Date.now();

    mkdirSync(OUT_DIR, { recursive: true });
    for (const f of readdirSync(OUT_DIR)) if (f.endsWith(".svg")) rmSync(join(OUT_DIR, f));

    const panels: (GalleryPanel & Record<string, unknown>)[] = [];
    for (const spec of specs) {
      const { query } = spec;
      const r = resolveQuery(query, { now, dashboardRange: "24h", scrapeInterval: "60s" });
      const file = `${slug(spec.title)}.svg`;
      let result: Result;
      let data: unknown;
      if (r.instant) {
        const rows = (await prom.query(r.expr, new Date(r.endMs))).filter((row) =>
          Number.isFinite(row.value),
        );
        const items = rows
          .map((row) => ({
            name: legendName(query.legendFormat, row.metric, spec.title),
            metric: row.metric,
            value: row.value,
          }))
          .sort((a, b) => b.value - a.value);
        if (items.length === 0) throw new Error(`${spec.title}: no data`);
        data = items;
        result = { instant: true, items };
      } else {
        const raw = await prom.queryRange(r.expr, r.startMs, r.endMs, r.stepMs);
        const series = raw
          .map((s) => ({
            name: legendName(query.legendFormat, s.metric, spec.title),
            metric: s.metric,
            points: s.values
              .filter(([, v]) => Number.isFinite(v))
              .map(([t, v]) => [t * (t < 1e11 ? 1000 : 1), v] as [number, number]),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
        if (series.every((s) => s.points.length === 0)) throw new Error(`${spec.title}: no data`);
        data = series.map((s) => ({
          name: s.name,
          metric: s.metric,
          points: s.points.map(([t, v]) => [t, Number(v.toPrecision(6))]),
        }));
        result = { instant: false, series, startMs: r.startMs, endMs: r.endMs, stepMs: r.stepMs };
      }
      const { kind, svg } = drawPicture(spec, result);
      writeFileSync(join(OUT_DIR, file), svg);
      console.log(`wrote src/assets/panels/${file}`);
      panels.push({
        file,
        title: spec.title,
        caption: spec.caption,
        panelId: spec.panelId,
        dashboardType: spec.dashboardType,
        drawnAs: kind,
        unit: spec.unit,
        query: {
          refId: query.refId,
          legendFormat: query.legendFormat ?? null,
          expr: r.expr,
          instant: r.instant,
          startMs: r.startMs,
          endMs: r.endMs,
          stepMs: r.stepMs,
        },
        data,
      });
    }

    const meta = {
      generatedAt: new Date(now).toISOString(),
      command: COMMAND,
      simulation: {
        scenario: SCENARIO,
        users: USERS,
        seed: SEED,
        protocol: "grpc",
        temporality: "delta",
        mode: "backfill",
        windowMs: WINDOW_MS,
        totals: { costUsd: ledger.totals.costUsd, tokens: ledger.totals.tokens },
      },
      servers: { collector: versions.collector.version, prometheus: versions.prometheus.version },
      resolve: { dashboardRange: "24h", scrapeInterval: "60s", now },
    };
    writeFileSync(join(OUT_DIR, "panels.json"), `${JSON.stringify({ ...meta, panels }, null, 2)}\n`);
    // The repository's formatter decides the layout of committed JSON: format it as `biome check` would.
    const biome = spawnSync(
      join(REPO_ROOT, "node_modules", ".bin", "biome"),
      ["format", "--write", join(OUT_DIR, "panels.json")],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    if (biome.status !== 0) throw new Error(`biome format failed:\n${biome.stdout}${biome.stderr}`);
    console.log("wrote src/assets/panels/panels.json");
    writeFileSync(PAGE, renderPage(meta, panels));
    console.log("wrote src/content/docs/dashboard-gallery.md");
  } finally {
    await stack.stop();
  }
}

await main();
