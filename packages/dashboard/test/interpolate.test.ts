// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Grafana variable syntax, not JS templates.
import { describe, expect, it } from "vitest";
import {
  ALL,
  computeIntervalMs,
  type InterpolationContext,
  interpolate,
  intervalToMs,
  secondsToHms,
} from "../src/index.js";

const base: InterpolationContext = {
  datasource: "prometheus",
  rangeMs: 86_400_000,
  intervalMs: 120_000,
  scrapeIntervalMs: 60_000,
  variables: [
    { name: "user", multi: true, includeAll: true, allValue: ".*" },
    { name: "model", multi: true, includeAll: true },
    { name: "session_id" },
  ],
  values: { user: ALL, model: ["claude-sonnet-4-5"], session_id: "abc" },
  strict: true,
};

const prom = (q: string, over: Partial<InterpolationContext> = {}) => interpolate(q, { ...base, ...over });
const loki = (q: string, over: Partial<InterpolationContext> = {}) =>
  interpolate(q, { ...base, datasource: "loki", ...over });

describe("Grafana macros", () => {
  it("expands the range macros", () => {
    expect(prom("[$__range] $__range_s $__range_ms")).toBe("[86400s] 86400 86400000");
    expect(prom("x", { rangeMs: 1_499 })).toBe("x");
    expect(prom("$__range", { rangeMs: 1_499 })).toBe("1s");
  });

  it("expands $__interval the way rangeUtil.secondsToHms formats it", () => {
    expect(prom("$__interval $__interval_ms")).toBe("2m 120000");
    expect(prom("$__interval", { intervalMs: 3_600_000 })).toBe("1h");
    expect(prom("$__interval", { intervalMs: 500 })).toBe("500ms");
  });

  it("computes $__rate_interval as max(interval + scrape, 4 × scrape)", () => {
    expect(prom("$__rate_interval")).toBe("240s");
    expect(prom("$__rate_interval", { intervalMs: 300_000 })).toBe("360s");
    expect(prom("$__rate_interval_ms", { scrapeIntervalMs: 15_000, intervalMs: 15_000 })).toBe("60000");
  });

  it("offers $__auto to Loki only", () => {
    expect(loki("[$__auto]")).toBe("[2m]");
    expect(() => prom("[$__auto]")).toThrow(/unknown variable '__auto'/);
  });

  it("does not confuse a macro with a longer one", () => {
    expect(prom("$__range_s/$__range")).toBe("86400/86400s");
    expect(prom("$__rate_interval_ms")).toBe("240000");
  });
});

describe("variables", () => {
  it("inserts a custom all value raw", () => {
    expect(prom('user_id=~"$user"')).toBe('user_id=~".*"');
    expect(loki('| user_id=~"${user}"')).toBe('| user_id=~".*"');
  });

  it("refuses All without a custom all value (the dashboard always sets one)", () => {
    expect(() => prom('model=~"$model"', { values: { ...base.values, model: ALL } })).toThrow(
      /custom all value/,
    );
  });

  it("regex-escapes multi-value selections for the string they sit in", () => {
    const values = { ...base.values, model: ["us.anthropic.claude-sonnet-4-5-v1:0", "claude-haiku-4-5"] };
    expect(prom('model=~"$model"', { values })).toBe(
      'model=~"(us\\\\.anthropic\\\\.claude-sonnet-4-5-v1:0|claude-haiku-4-5)"',
    );
    expect(loki('model=~"$model"', { values })).toBe(
      'model=~"us\\\\.anthropic\\\\.claude-sonnet-4-5-v1:0|claude-haiku-4-5"',
    );
    expect(prom('model=~"$model"')).toBe('model=~"claude-sonnet-4-5"');
  });

  it("escapes a single-value variable only for the string", () => {
    expect(prom('session_id="$session_id"', { values: { ...base.values, session_id: "a'b\\c" } })).toBe(
      'session_id="a\\\\\'b\\\\c"',
    );
    expect(loki('session_id="$session_id"')).toBe('session_id="abc"');
  });

  it("supports every variable syntax and the common formats", () => {
    const values = { ...base.values, model: ["a.b", "c"] };
    expect(prom("$model|${model}|[[model]]", { values })).toBe("(a\\\\.b|c)|(a\\\\.b|c)|(a\\\\.b|c)");
    expect(prom("${model:regex}", { values })).toBe("(a\\.b|c)");
    expect(prom("${model:pipe} ${model:csv} ${model:raw} [[model:pipe]]", { values })).toBe(
      "a.b|c a.b,c a.b,c a.b|c",
    );
    expect(prom("${model:doublequote}", { values })).toBe('"a.b","c"');
    expect(prom("${model:queryparam}", { values })).toBe("var-model=a.b&var-model=c");
    expect(() => prom("${model:nonsense}", { values })).toThrow(/unsupported variable format/);
  });

  it("is strict about unknown variables only when asked", () => {
    expect(() => prom("$nope")).toThrow(/unknown variable 'nope'/);
    expect(prom("$nope", { strict: false })).toBe("$nope");
  });
});

describe("interval helpers", () => {
  it("formats seconds like Grafana", () => {
    expect(secondsToHms(59)).toBe("59s");
    expect(secondsToHms(90)).toBe("1m");
    expect(secondsToHms(7200)).toBe("2h");
    expect(secondsToHms(86_400 * 8)).toBe("1w");
    expect(secondsToHms(0)).toBe("0s");
  });

  it("parses interval strings", () => {
    expect(intervalToMs("2m")).toBe(120_000);
    expect(intervalToMs("1h")).toBe(3_600_000);
    expect(intervalToMs("500ms")).toBe(500);
    expect(() => intervalToMs("now/d")).toThrow();
  });

  it("computes $__interval from range, data points and min interval", () => {
    expect(computeIntervalMs(86_400_000, 60_000)).toBe(120_000);
    expect(computeIntervalMs(3_600_000, 60_000)).toBe(60_000);
    expect(computeIntervalMs(86_400_000, 3_600_000)).toBe(3_600_000);
    expect(computeIntervalMs(30 * 86_400_000, 3_600_000)).toBe(3_600_000);
  });
});
