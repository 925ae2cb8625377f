import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DASHBOARD_FILE, dashboardJson } from "../src/index.js";

function committed(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

describe("generated files", () => {
  it("stack/grafana/dashboards/claude-code.json is what the builders produce", () => {
    const ok = committed(DASHBOARD_FILE) === dashboardJson();
    expect(
      ok,
      "stack/grafana/dashboards/claude-code.json is stale: run pnpm --filter @cc-otel/dashboard generate",
    ).toBe(true);
  });

  it("builds the same dashboard every time", () => {
    expect(dashboardJson()).toBe(dashboardJson());
  });
});
