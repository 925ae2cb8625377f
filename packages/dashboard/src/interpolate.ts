/**
 * Grafana's template interpolation, reproduced closely enough to turn a dashboard query into the
 * PromQL/LogQL a datasource really sends. Used by the tests (the parsers must see what Prometheus
 * and Loki see) and by the live-data test, which runs every panel query against real servers.
 *
 * Behaviour follows Grafana's TemplateSrv and the Prometheus/Loki datasources:
 * - syntaxes `$var`, `${var}`, `${var:format}`, `[[var]]`, `[[var:format]]`;
 * - built-ins `$__interval`, `$__interval_ms`, `$__rate_interval` (Prometheus:
 *   max(interval + scrape interval, 4 × scrape interval)), `$__rate_interval_ms`, `$__range`,
 *   `$__range_s`, `$__range_ms`, `$__auto` (Loki: the step interval);
 * - "All" with a custom all value inserts that value raw (it is itself interpolated);
 * - without an explicit format, a multi-value or include-All variable is regex-escaped and joined
 *   as an alternation: Prometheus wraps it in `( | )`, Loki does not; a plain variable is only
 *   escaped for the string it sits in.
 */

export type DatasourceKind = "prometheus" | "loki";

/** The current value of a variable: one value, several (multi-value), or "All". */
export type VariableValue = string | readonly string[] | typeof ALL;

export const ALL = Symbol("All");

/** What interpolation needs to know about a dashboard variable. */
export interface VariableInfo {
  readonly name: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly allValue?: string;
}

export interface InterpolationContext {
  readonly datasource: DatasourceKind;
  /** Length of the panel's time range (after any relative-time override), in ms. */
  readonly rangeMs: number;
  /** The computed `$__interval`, in ms. */
  readonly intervalMs: number;
  /** The Prometheus scrape interval Grafana assumes (panel min interval, else datasource setting). */
  readonly scrapeIntervalMs: number;
  readonly variables: readonly VariableInfo[];
  readonly values: Readonly<Record<string, VariableValue>>;
  /** Throw on a variable that is neither built in nor declared (Grafana would leave it as is). */
  readonly strict?: boolean;
}

/** Grafana's variable regex (TemplateSrv). */
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Grafana's rangeUtil.secondsToHms: the largest whole unit, e.g. 90 s -> "1m", 0.5 s -> "500ms". */
export function secondsToHms(seconds: number): string {
  const units: [number, string][] = [
    [31_536_000, "y"],
    [604_800, "w"],
    [86_400, "d"],
    [3_600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  for (const [size, unit] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n}${unit}`;
  }
  const ms = Math.floor(seconds * 1000);
  return ms >= 1 ? `${ms}ms` : "0s";
}

/** Grafana's parse of an interval string such as "2m", "1h", "500ms" into ms. */
export function intervalToMs(interval: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(interval.trim());
  if (!m?.[1] || !m[2]) throw new Error(`not an interval: '${interval}'`);
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3, y: 31536000e3 }[m[2]] ?? 0;
  return Number(m[1]) * unit;
}

function builtins(ctx: InterpolationContext): Record<string, string> {
  const rangeS = Math.round(ctx.rangeMs / 1000);
  const intervalS = ctx.intervalMs / 1000;
  const scrapeS = ctx.scrapeIntervalMs / 1000;
  const rateS = Math.max(intervalS + scrapeS, 4 * scrapeS);
  const vars: Record<string, string> = {
    __interval: secondsToHms(intervalS),
    __interval_ms: String(ctx.intervalMs),
    __range: `${rangeS}s`,
    __range_s: String(rangeS),
    __range_ms: String(ctx.rangeMs),
  };
  if (ctx.datasource === "prometheus") {
    vars.__rate_interval = `${rateS}s`;
    vars.__rate_interval_ms = String(rateS * 1000);
  } else {
    vars.__auto = secondsToHms(intervalS);
  }
  return vars;
}

/** Prometheus datasource: prometheusRegularEscape / prometheusSpecialRegexEscape. */
function promRegularEscape(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/'/g, "\\\\'");
}
function promRegexEscape(v: string): string {
  return v.replace(/\\/g, "\\\\\\\\").replace(/[$^*{}[\]'+?.()|]/g, "\\\\$&");
}
/** Loki datasource: lokiRegularEscape / lokiSpecialRegexEscape. */
function lokiRegularEscape(v: string): string {
  return v.replace(/'/g, "\\\\'");
}
function lokiRegexEscape(v: string): string {
  return lokiRegularEscape(v.replace(/\\/g, "\\\\\\\\").replace(/[$^*{}[\]+?.()|]/g, "\\\\$&"));
}
/** Grafana's kbn.regexEscape, used by the explicit `:regex` format. */
function regexEscape(v: string): string {
  return v.replace(/[\\^$*+?.()|[\]{}/]/g, "\\$&");
}

function defaultFormat(kind: DatasourceKind, info: VariableInfo, value: string | readonly string[]): string {
  if (!info.multi && !info.includeAll) {
    const one = typeof value === "string" ? value : value.join(",");
    return kind === "prometheus" ? promRegularEscape(one) : lokiRegularEscape(one);
  }
  const regexEscapeFor = kind === "prometheus" ? promRegexEscape : lokiRegexEscape;
  if (typeof value === "string") return regexEscapeFor(value);
  const escaped = value.map(regexEscapeFor);
  if (escaped.length === 1) return escaped[0] ?? "";
  return kind === "prometheus" ? `(${escaped.join("|")})` : escaped.join("|");
}

function explicitFormat(name: string, format: string, value: string | readonly string[]): string {
  const values = typeof value === "string" ? [value] : [...value];
  switch (format) {
    case "raw":
      return values.join(",");
    case "regex":
      return values.length === 1 ? regexEscape(values[0] ?? "") : `(${values.map(regexEscape).join("|")})`;
    case "pipe":
      return values.join("|");
    case "csv":
    case "text":
      return values.join(",");
    case "doublequote":
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(",");
    case "singlequote":
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(",");
    case "queryparam":
      return values.map((v) => `var-${name}=${encodeURIComponent(v)}`).join("&");
    default:
      throw new Error(`unsupported variable format ':${format}'`);
  }
}

/** Interpolate Grafana variables and macros in a query the way the datasource would. */
export function interpolate(query: string, ctx: InterpolationContext): string {
  const builtin = builtins(ctx);
  const declared = new Map(ctx.variables.map((v) => [v.name, v]));
  return query.replace(VARIABLE_REGEX, (match, v1, v2, fmt2, v3, _fieldPath, fmt3) => {
    const name: string = v1 ?? v2 ?? v3;
    const format: string | undefined = fmt2 ?? fmt3;
    if (Object.hasOwn(builtin, name)) return builtin[name] ?? "";
    const info = declared.get(name);
    if (!info) {
      if (ctx.strict) throw new Error(`unknown variable '${name}' in: ${query}`);
      return match;
    }
    const value = ctx.values[name];
    if (value === undefined) throw new Error(`no value given for variable '${name}'`);
    if (value === ALL) {
      if (info.allValue !== undefined && format !== "text" && format !== "queryparam") {
        return interpolate(info.allValue, ctx);
      }
      throw new Error(`variable '${name}' is set to All but has no custom all value`);
    }
    return format ? explicitFormat(name, format, value) : defaultFormat(ctx.datasource, info, value);
  });
}

/**
 * The `$__interval` Grafana computes for a panel: range / max data points, rounded the way
 * Grafana's rangeUtil.roundInterval does (approximated by picking the next "nice" interval),
 * never below the min interval.
 */
export function computeIntervalMs(rangeMs: number, minIntervalMs: number, maxDataPoints = 1000): number {
  const nice = [
    10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 20e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3,
    1200e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3, 43200e3, 86400e3, 604800e3, 2592000e3,
  ];
  const raw = rangeMs / maxDataPoints;
  const rounded = nice.find((n) => n >= raw) ?? raw;
  return Math.max(rounded, minIntervalMs);
}
