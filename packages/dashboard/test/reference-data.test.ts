import type { Panel, RowPanel } from "@grafana/grafana-foundation-sdk/dashboard";
import { describe, expect, it } from "vitest";
import { buildDashboard, DASHBOARD_PATH, dashboardReference, generatedFiles } from "../src/index.js";

const dashboard = buildDashboard();
const ref = dashboardReference(dashboard);
type Target = { refId?: string; expr?: string; datasource?: { type?: string } };

describe("the dashboard reference (the docs' panel page renders it)", () => {
  it("has every panel but the rows, in layout order, with the facts of the dashboard JSON", () => {
    const panels = (dashboard.panels ?? []).filter((p: Panel | RowPanel): p is Panel => p.type !== "row");
    expect(ref.panels.map((p) => p.id)).toEqual(panels.map((p) => p.id));
    for (const [i, p] of panels.entries()) {
      const r = ref.panels[i];
      expect(r?.title).toBe(p.title);
      expect(r?.type).toBe(p.type);
      expect(r?.description).toBe(p.description);
      expect(r?.timeFrom).toBe(p.timeFrom);
      expect(r?.interval).toBe(p.interval);
      const targets = (p.targets ?? []) as Target[];
      expect(r?.queries.map((q) => [q.refId, q.expr])).toEqual(targets.map((t) => [t.refId, t.expr]));
      expect(r?.datasources).toEqual([...new Set(targets.map((t) => t.datasource?.type))]);
    }
  });

  it("names every row once, top to bottom, and puts each panel under one", () => {
    const rows = (dashboard.panels ?? []).filter((p) => p.type === "row").map((p) => p.title);
    expect(ref.rows).toEqual(rows);
    for (const p of ref.panels) expect(ref.rows).toContain(p.row);
  });

  it("has every variable, with what the page says of it", () => {
    const list = dashboard.templating?.list ?? [];
    expect(ref.variables.map((v) => v.name)).toEqual(list.map((v) => v.name));
    const byType = (type: string) => ref.variables.filter((v) => v.type === type);
    expect(byType("datasource").map((v) => v.pluginType)).toEqual(["prometheus", "loki"]);
    for (const v of byType("query")) {
      expect(v.definition, v.name).toMatch(/^label_values\(/);
      expect(v.multi, v.name).toBe(true);
      expect(v.allValue, v.name).toBe(".*");
    }
  });

  it("says where the dashboard JSON is: the file generatedFiles() writes", () => {
    expect(ref.path).toBe(DASHBOARD_PATH);
    expect(generatedFiles().map((f) => f.path)).toEqual([DASHBOARD_PATH]);
    expect(JSON.parse(generatedFiles()[0]?.content ?? "").uid).toBe(ref.uid);
  });
});
