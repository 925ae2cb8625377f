import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/index.js";

describe("the generate command's arguments", () => {
  it("are none, or a daily budget", () => {
    expect(parseCliArgs([])).toEqual({});
    expect(parseCliArgs(["--daily-budget-usd", "250"])).toEqual({ dailyBudgetUsd: 250 });
    expect(parseCliArgs(["--daily-budget-usd=12.5"])).toEqual({ dailyBudgetUsd: 12.5 });
  });

  it("come through pnpm's `--`, once or twice", () => {
    expect(parseCliArgs(["--", "--daily-budget-usd", "250"])).toEqual({ dailyBudgetUsd: 250 });
    expect(parseCliArgs(["--", "--", "--daily-budget-usd", "250"])).toEqual({ dailyBudgetUsd: 250 });
  });

  it("refuse a budget that is not a positive number, and unknown options", () => {
    expect(() => parseCliArgs(["--daily-budget-usd", "0"])).toThrow(/positive/);
    expect(() => parseCliArgs(["--daily-budget-usd", "lots"])).toThrow(/positive/);
    expect(() => parseCliArgs(["--budget", "5"])).toThrow(/Unknown option/);
  });
});
