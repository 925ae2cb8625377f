import { describe, expect, it } from "vitest";
import { DASHBOARD_UID, dashboardJson } from "../src/index.js";

// Whether the committed JSON is fresh is checked with every generated file in packages/generate.
describe("the generated dashboard JSON", () => {
  it("is the same every time it is built (no timestamps, no random ids)", () => {
    expect(dashboardJson()).toBe(dashboardJson());
  });

  it("is one JSON document ending in a newline, with the dashboard's uid", () => {
    const json = dashboardJson();
    expect(json.endsWith("}\n")).toBe(true);
    expect(JSON.parse(json).uid).toBe(DASHBOARD_UID);
  });
});
