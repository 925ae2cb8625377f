import type { Panel, RowPanel } from "@grafana/grafana-foundation-sdk/dashboard";
import { describe, expect, it } from "vitest";
import {
  ALL_VALUE,
  DASHBOARD_UID,
  DS_VARS,
  EXTRA,
  FILTERS,
  INVENTORY,
  panelQueries,
  panelSummaries,
  SESSION_VAR,
} from "../src/index.js";
import { DASHBOARD, parse, syntaxErrors, VARIABLES } from "./helpers.js";

const panels = (DASHBOARD.panels ?? []) as (Panel | RowPanel)[];
const contentPanels = panels.filter((p): p is Panel => p.type !== "row");
const DS_UIDS = new Set(Object.values(DS_VARS).map((v) => `\${${v}}`));

/** Every `uid` anywhere in the model, with its JSON path. */
function uids(value: unknown, path = "$"): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => uids(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      k === "uid" ? [[`${path}.uid`, v] as [string, unknown]] : uids(v, `${path}.${k}`),
    );
  }
  return [];
}

describe("dashboard model", () => {
  it("has the fields Grafana requires to provision it", () => {
    expect(DASHBOARD.uid).toBe(DASHBOARD_UID);
    expect(DASHBOARD.title).toBeTruthy();
    expect(typeof DASHBOARD.schemaVersion).toBe("number");
    expect(DASHBOARD.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(DASHBOARD.time).toEqual({ from: "now-24h", to: "now" });
    expect(DASHBOARD).not.toHaveProperty("id");
    expect(Array.isArray(DASHBOARD.templating?.list)).toBe(true);
    for (const p of panels) {
      expect(typeof p.type, `panel ${p.id}`).toBe("string");
      expect(p.gridPos, `panel ${p.id}`).toBeDefined();
    }
  });

  it("gives every panel and row a unique id", () => {
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lays panels out on the 24-column grid without overlap", () => {
    const boxes = panels.map((p) => ({ id: p.id, ...(p.gridPos ?? { x: 0, y: 0, w: 0, h: 0 }) }));
    for (const b of boxes) {
      expect(b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= 24, `panel ${b.id}`).toBe(true);
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `panels ${a.id} and ${b.id} overlap`).toBe(false);
      }
    }
  });

  it("keeps expanded rows' panels at top level, below their row", () => {
    for (const row of panels.filter((p): p is RowPanel => p.type === "row")) {
      expect(row.collapsed).toBe(false);
      expect(row.panels).toEqual([]);
    }
    expect(panels[0]?.type).toBe("row");
  });

  it("describes every panel", () => {
    for (const p of contentPanels) {
      expect(p.title, `panel ${p.id}`).toBeTruthy();
      expect(p.description?.length ?? 0, `panel ${p.id} '${p.title}' description`).toBeGreaterThan(40);
    }
  });

  it("has the 26 roadmap panels, each under its inventory number", () => {
    for (const [id, title] of Object.entries(INVENTORY)) {
      const p = contentPanels.find((x) => x.title === title);
      expect(p, `inventory panel ${id} '${title}'`).toBeDefined();
      expect(p?.id).toBe(Number(id));
    }
    expect(contentPanels.length).toBe(26 + Object.keys(EXTRA).length);
  });

  it("groups panels in the planned rows", () => {
    expect(panels.filter((p) => p.type === "row").map((p) => p.title)).toEqual([
      "Cost",
      "Tokens & cache",
      "Activity & productivity",
      "Tools",
      "Prompts",
      "Errors & latency",
      "Session drill-down",
    ]);
  });
});

describe("datasources", () => {
  it("declares one datasource variable per backend, named as Grafana's linter expects", () => {
    const ds = VARIABLES.filter((v) => v.type === "datasource");
    expect(ds.map((v) => [v.name, v.query, v.label])).toEqual([
      ["prometheus_datasource", "prometheus", "Prometheus data source"],
      ["loki_datasource", "loki", "Loki data source"],
    ]);
  });

  it("uses only datasource variables: no hard-coded UID anywhere", () => {
    for (const [path, uid] of uids(DASHBOARD)) {
      if (path === "$.uid") continue;
      expect(DS_UIDS.has(String(uid)), `${path} = ${String(uid)}`).toBe(true);
    }
  });

  it("sets the datasource on every panel and every query, of the same kind", () => {
    for (const p of contentPanels) {
      expect(p.datasource?.uid, `panel ${p.id}`).toBe(`\${${DS_VARS[p.datasource?.type as "loki"]}}`);
      expect(p.targets?.length, `panel ${p.id} has queries`).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect((t as { datasource?: unknown }).datasource, `panel ${p.id}`).toEqual(p.datasource);
      }
      const refIds = (p.targets ?? []).map((t) => (t as { refId?: string }).refId);
      expect(new Set(refIds).size, `panel ${p.id} refIds`).toBe(refIds.length);
    }
  });
});

describe("variables", () => {
  it("offers every filter as a multi-value variable whose All matches missing labels", () => {
    for (const f of FILTERS) {
      const v = VARIABLES.find((x) => x.name === f.variable);
      expect(v, f.variable).toBeDefined();
      expect(v?.type).toBe("query");
      expect(v?.multi && v.includeAll).toBe(true);
      expect(v?.allValue).toBe(ALL_VALUE);
      expect(v?.datasource).toEqual({ type: "prometheus", uid: `\${${DS_VARS.prometheus}}` });
      // Grafana's linter: label variables reload on time-range change.
      expect(v?.refresh).toBe(2);
    }
    expect(FILTERS.map((f) => f.variable)).toEqual(["department", "team", "user", "terminal", "model"]);
  });

  it("queries filter values with label_values over a valid selector", () => {
    for (const f of FILTERS) {
      const q = String(VARIABLES.find((x) => x.name === f.variable)?.query);
      const m = /^label_values\((.+), (\w+)\)$/.exec(q);
      expect(m?.[2], q).toBe(f.promLabel);
      const selector = (m?.[1] ?? "").replace(/\$(\w+)/g, ".*");
      expect(syntaxErrors(parse("prometheus", selector)), q).toEqual([]);
    }
  });

  it("has the session id text box the drill-down reads", () => {
    expect(VARIABLES.find((v) => v.name === SESSION_VAR)?.type).toBe("textbox");
  });
});

describe("exported panel list", () => {
  it("lists every query of every panel with its datasource", () => {
    const qs = panelQueries();
    const targets = contentPanels.reduce((n, p) => n + (p.targets?.length ?? 0), 0);
    expect(qs.length).toBe(targets);
    expect(new Set(qs.map((q) => q.panelId)).size).toBe(contentPanels.length);
    for (const q of qs) {
      expect(q.expr.length).toBeGreaterThan(0);
      expect(["prometheus", "loki"]).toContain(q.datasource);
      expect(q.description.length).toBeGreaterThan(0);
    }
    expect(panelSummaries().map((p) => p.id)).toEqual(contentPanels.map((p) => p.id));
  });

  it("gives every time series a min interval, so a step never shrinks below one export (Loki's included)", () => {
    const series = panelQueries().filter((q) => q.panelType === "timeseries");
    expect(series.length).toBeGreaterThan(5);
    expect(series.filter((q) => !q.interval).map((q) => `${q.panelId} ${q.title} [${q.refId}]`)).toEqual([]);
  });

  it("marks stat-like panels' queries instant and time series' queries range", () => {
    for (const p of panelSummaries()) {
      for (const q of p.queries) {
        if (["stat", "gauge", "piechart", "bargauge", "table"].includes(p.type)) {
          expect(q.instant, `${p.title} ${q.refId}`).toBe(true);
        }
        if (["timeseries", "logs"].includes(p.type)) expect(q.instant, `${p.title} ${q.refId}`).toBe(false);
      }
    }
  });

  it("uses relative-time overrides for the 'today', '24h' and weekly panels", () => {
    const timeFrom = Object.fromEntries(panelSummaries().map((p) => [p.id, p.timeFrom]));
    for (const id of [2, 6, 15]) expect(timeFrom[id], `panel ${id}`).toBe("now/d");
    for (const id of [3, 4, 9, 10, 11, 22, 24]) expect(timeFrom[id], `panel ${id}`).toBe("24h");
    expect(timeFrom[19]).toBe("7d");
  });
});

describe("the sessions table's links", () => {
  it("open the clicked session's events here, and its traces in Jaeger by session.id", async () => {
    const { sessionTracesUrl, TRACES_DATASOURCE_UID } = await import("../src/panels/sessions.js");
    const url = sessionTracesUrl();
    expect(url.startsWith("/explore?schemaVersion=1&panes=")).toBe(true);
    const panes = JSON.parse(decodeURIComponent(url.slice(url.indexOf("panes=") + 6)));
    const query = panes.traces.queries[0];
    expect(query).toMatchObject({
      queryType: "search",
      service: "claude-code",
      datasource: { uid: TRACES_DATASOURCE_UID },
    });
    expect(query.tags).toBe(`session.id=\${__value.raw}`);
    expect(panes.traces.range).toEqual({ from: `\${__from}`, to: `\${__to}` });
  });
});

describe("where each panel's number comes from", () => {
  it("every panel reads Claude Code's metrics, the collector's event aggregates or Loki's raw events", async () => {
    const { dashboardReference } = await import("../src/index.js");
    const panels = dashboardReference().panels;
    for (const p of panels) expect(p.sources.length, `${p.id} ${p.title}`).toBeGreaterThan(0);
    const sourceOf = (id: number) => panels.find((p) => p.id === id)?.sources;
    expect(sourceOf(2)).toEqual(["cli-metrics"]);
    expect(sourceOf(17)).toEqual(["event-metrics"]);
    expect(sourceOf(37)).toEqual(["loki-events"]);
    // Loki keeps what only raw events can show: the drill-down, the sessions table, recent errors.
    expect(
      panels
        .filter((p) => p.sources.includes("loki-events"))
        .map((p) => p.id)
        .sort(),
    ).toEqual([36, 37, 38]);
  });

  it("lets Loki answer 'Sessions in Range' for a busy month (a series per session before topk)", async () => {
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("yaml");
    const loki = parse(readFileSync(new URL("../../../stack/loki/loki.yaml", import.meta.url), "utf8"));
    // Loki's default is 500: a team's busy week has more sessions than that.
    expect(loki.limits_config.max_query_series).toBeGreaterThanOrEqual(1000 * 22 * 4);
  });
});
