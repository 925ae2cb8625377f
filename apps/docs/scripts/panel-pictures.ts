/**
 * The dashboard gallery's pictures, drawn: which panels are pictured (by dashboard title, with a
 * caption), and everything else about them — panel id, type, unit, decimals, axis label, query — read
 * from the built dashboard (@cc-otel/dashboard), so a picture cannot disagree with the panel it shows.
 * Pure: no servers, no files. scripts/panel-images.ts runs the queries on real servers and writes
 * what this draws; test/panel-images.test.ts redraws the committed pictures from panels.json.
 */
import { buildDashboard, type PanelQuery, panelQueries } from "@cc-otel/dashboard";

/** The panels pictured, by their dashboard title, in page order. */
export const PICTURED: readonly { readonly title: string; readonly caption: string }[] = [
  {
    title: "Total Cost Today",
    caption: "What the team has spent since midnight UTC, from the exact growth of the cost counter.",
  },
  {
    title: "Cache Hit Rate %",
    caption: "Share of input tokens served from the prompt cache over the range.",
  },
  {
    title: "Real-Time Cost Burn Rate",
    caption:
      "Spend per hour, by model, at the panel's one-minute resolution: busy during the simulated office hours, quiet at night.",
  },
  {
    title: "Token Usage Rate (24h)",
    caption: "Tokens per minute by type: in this simulated day, cache reads dwarf every other type.",
  },
  {
    title: "Token Distribution by Model (24h)",
    caption: "Every token of the last 24 hours, split by model.",
  },
  {
    title: "Cost by Query Source",
    caption: "Where the money goes: the main conversation, subagents, and auxiliary requests.",
  },
  {
    title: "Lines of Code Modified",
    caption: "Lines added and removed by accepted edits over the range.",
  },
];

/** The units this drawing formats (as Grafana prints them); another unit on a pictured panel throws. */
const UNITS = ["currencyUSD", "short", "percentunit"] as const;
export type Unit = (typeof UNITS)[number];
/** How a picture is drawn. */
export type Kind = "timeseries" | "pie" | "stat" | "gauge" | "bars";

/** A pictured panel, as the dashboard defines it. */
export interface PictureSpec {
  readonly title: string;
  readonly caption: string;
  readonly panelId: number;
  /** Grafana's panel type: timeseries, stat, gauge, piechart. */
  readonly dashboardType: string;
  readonly unit: Unit;
  readonly decimals?: number;
  /** Y axis label of a time series. */
  readonly axisLabel?: string;
  /** The panel's first Prometheus query (refId A). */
  readonly query: PanelQuery;
}

type Dashboard = ReturnType<typeof buildDashboard>;
interface FieldDefaults {
  unit?: string;
  decimals?: number;
  custom?: { axisLabel?: string };
}

/** Each pictured panel, read from the dashboard. */
export function pictureSpecs(dashboard: Dashboard = buildDashboard()): PictureSpec[] {
  const queries = panelQueries(dashboard);
  return PICTURED.map(({ title, caption }) => {
    const panel = (dashboard.panels ?? []).find((p) => p.type !== "row" && p.title === title);
    if (!panel || panel.id === undefined) throw new Error(`the dashboard has no panel titled ${title}`);
    const query = queries.find((q) => q.panelId === panel.id && q.refId === "A");
    if (query?.datasource !== "prometheus")
      throw new Error(`${title}: its query A is not a Prometheus query`);
    const defaults = ("fieldConfig" in panel ? panel.fieldConfig?.defaults : undefined) as
      | FieldDefaults
      | undefined;
    const unit = defaults?.unit ?? "short";
    if (!(UNITS as readonly string[]).includes(unit))
      throw new Error(`${title}: no drawing for unit ${unit}`);
    return {
      title,
      caption,
      panelId: panel.id,
      dashboardType: panel.type,
      unit: unit as Unit,
      ...(defaults?.decimals !== undefined ? { decimals: defaults.decimals } : {}),
      ...(defaults?.custom?.axisLabel ? { axisLabel: defaults.custom.axisLabel } : {}),
      query,
    };
  });
}

/** How a panel of this type is drawn, given how many values its query returned. */
export function kindOf(spec: PictureSpec, values: number): Kind {
  switch (spec.dashboardType) {
    case "timeseries":
      return "timeseries";
    case "gauge":
      return "gauge";
    case "piechart":
      return "pie";
    case "stat":
      // Grafana shows a stat with several values as several big numbers: as bars they compare.
      return values > 1 ? "bars" : "stat";
    default:
      throw new Error(`${spec.title}: no drawing for a ${spec.dashboardType} panel`);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting (the dashboard's units, as Grafana prints them)
// ---------------------------------------------------------------------------------------------

function fmt(value: number, unit: Unit, decimals?: number): string {
  if (unit === "percentunit") return `${(value * 100).toFixed(decimals ?? 1)}%`;
  if (unit === "currencyUSD") {
    const abs = Math.abs(value);
    const d = decimals ?? (abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
    return `$${value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })}`;
  }
  const abs = Math.abs(value);
  const scales: [number, string][] = [
    [1e12, " Tri"],
    [1e9, " Bil"],
    [1e6, " Mil"],
    [1e3, " K"],
  ];
  for (const [scale, suffix] of scales) {
    if (abs >= scale) return `${trim((value / scale).toFixed(decimals ?? 2))}${suffix}`;
  }
  return trim(value.toFixed(decimals ?? (abs >= 100 ? 0 : 2)));
}

function trim(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function legendName(
  format: string | undefined,
  metric: Record<string, string>,
  fallback: string,
): string {
  if (!format) return fallback;
  const name = format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label: string) => metric[label] ?? "");
  return name || fallback;
}

/** An axis tick: no more decimals than the tick step needs. */
function fmtTick(value: number, step: number, unit: Unit): string {
  if (unit === "currencyUSD") {
    const d = step >= 1 ? 0 : Math.min(4, Math.ceil(-Math.log10(step)));
    return fmt(value, unit, d);
  }
  return fmt(value, unit);
}

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

// ---------------------------------------------------------------------------------------------
// SVG, styled like a Grafana dark panel
// ---------------------------------------------------------------------------------------------

/** Grafana's classic palette, in its order. */
const PALETTE = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#705DA0"];
const BG = "#181b1f";
const BORDER = "#2c3235";
const TEXT = "#ccccdc";
const MUTED = "#8e8e99";
const GRID = "#2a2d33";
const FONT = "Inter, Helvetica, Arial, sans-serif";

function frame(width: number, height: number, title: string, body: string[], alt: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(alt)}" font-family="${FONT}">`,
    `<title>${esc(alt)}</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="3" fill="${BG}" stroke="${BORDER}"/>`,
    `<text x="12" y="24" font-size="14" font-weight="500" fill="${TEXT}">${esc(title)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

export interface Series {
  readonly name: string;
  readonly points: readonly [number, number][];
}

/** Rows a legend needs at this width (same layout as legend()). */
function legendRows(names: string[], x: number, maxX: number): number {
  let rows = 1;
  let cx = x;
  for (const name of names) {
    const w = 22 + name.length * 6.6 + 18;
    if (cx + w > maxX && cx > x) {
      cx = x;
      rows++;
    }
    cx += w;
  }
  return rows;
}

function legend(
  items: { name: string; color: string; extra?: string }[],
  x: number,
  y: number,
  maxX: number,
) {
  const out: string[] = [];
  let cx = x;
  let cy = y;
  for (const item of items) {
    const label = item.extra ? `${item.name}  ${item.extra}` : item.name;
    const w = 22 + label.length * 6.6 + 18;
    if (cx + w > maxX && cx > x) {
      cx = x;
      cy += 20;
    }
    out.push(`<rect x="${r1(cx)}" y="${cy - 6}" width="14" height="4" rx="1" fill="${item.color}"/>`);
    out.push(`<text x="${r1(cx + 20)}" y="${cy}" font-size="12" fill="${TEXT}">${esc(label)}</text>`);
    cx += w;
  }
  return { svg: out, bottom: cy };
}

function timeseriesSvg(spec: PictureSpec, series: Series[], startMs: number, endMs: number, stepMs: number) {
  const W = 900;
  const left = 72;
  const right = W - 20;
  const rows = legendRows(
    series.map((s) => s.name),
    left,
    right,
  );
  const H = 320 + 20 * rows;
  const top = 44;
  const bottom = 270;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map(([, v]) => v)));
  const step = niceStep(max || 1, 4);
  const yMax = Math.ceil((max || 1) / step) * step;
  const x = (t: number) => left + ((t - startMs) / (endMs - startMs)) * (right - left);
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  const body: string[] = [];
  for (let v = 0; v <= yMax + step / 2; v += step) {
    body.push(`<line x1="${left}" y1="${r1(y(v))}" x2="${right}" y2="${r1(y(v))}" stroke="${GRID}"/>`);
    body.push(
      `<text x="${left - 8}" y="${r1(y(v) + 4)}" font-size="11" fill="${MUTED}" text-anchor="end">${esc(fmtTick(v, step, spec.unit))}</text>`,
    );
  }
  if (spec.axisLabel) {
    const cy = (top + bottom) / 2;
    body.push(
      `<text x="16" y="${cy}" font-size="11" fill="${MUTED}" text-anchor="middle" transform="rotate(-90 16 ${cy})">${esc(spec.axisLabel)}</text>`,
    );
  }
  const hour = 3600_000;
  for (let t = Math.ceil(startMs / (3 * hour)) * 3 * hour; t <= endMs; t += 3 * hour) {
    const label = new Date(t).toISOString().slice(11, 16);
    body.push(`<line x1="${r1(x(t))}" y1="${top}" x2="${r1(x(t))}" y2="${bottom}" stroke="${GRID}"/>`);
    body.push(
      `<text x="${r1(x(t))}" y="${bottom + 16}" font-size="11" fill="${MUTED}" text-anchor="middle">${label}</text>`,
    );
  }
  body.push(
    `<text x="${right}" y="${bottom + 30}" font-size="10" fill="${MUTED}" text-anchor="end">UTC, ${new Date(startMs).toISOString().slice(0, 10)} – ${new Date(endMs).toISOString().slice(0, 10)}</text>`,
  );
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length] as string;
    // Prometheus leaves out steps without a value; like Grafana, a gap breaks the line, and a lone
    // sample shows as a point.
    const runs: [number, number][][] = [];
    let prev: number | undefined;
    for (const point of s.points) {
      if (prev === undefined || point[0] - prev > 1.5 * stepMs) runs.push([]);
      runs[runs.length - 1]?.push(point);
      prev = point[0];
    }
    const d = runs
      .filter((run) => run.length > 1)
      .map((run) => run.map(([t, v], j) => `${j ? "L" : "M"}${r1(x(t))} ${r1(y(v))}`).join(""))
      .join("");
    if (d) {
      body.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5" stroke-linejoin="round"/>`);
    }
    for (const run of runs.filter((r) => r.length === 1)) {
      const [t, v] = run[0] as [number, number];
      body.push(`<circle cx="${r1(x(t))}" cy="${r1(y(v))}" r="2" fill="${color}"/>`);
    }
  });
  const lg = legend(
    series.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length] as string })),
    left,
    bottom + 50,
    right,
  );
  body.push(...lg.svg);
  const alt = `${spec.title}: time series of ${series.map((s) => s.name).join(", ")} over 24 hours`;
  return frame(W, H, spec.title, body, alt);
}

function pieSvg(spec: PictureSpec, slices: { name: string; value: number }[]) {
  const W = 680;
  const H = Math.max(320, 110 + slices.length * 22);
  const cx = 160;
  const cy = 178;
  const R = 110;
  const r = 62;
  const total = slices.reduce((s, x) => s + x.value, 0);
  const body: string[] = [];
  let a = -Math.PI / 2;
  slices.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length] as string;
    const frac = total > 0 ? s.value / total : 0;
    if (frac >= 0.9999) {
      body.push(
        `<circle cx="${cx}" cy="${cy}" r="${(R + r) / 2}" fill="none" stroke="${color}" stroke-width="${R - r}"/>`,
      );
      return;
    }
    const b = a + frac * 2 * Math.PI;
    const large = b - a > Math.PI ? 1 : 0;
    const p = (ang: number, rad: number) => `${r1(cx + rad * Math.cos(ang))} ${r1(cy + rad * Math.sin(ang))}`;
    body.push(
      `<path d="M${p(a, R)} A${R} ${R} 0 ${large} 1 ${p(b, R)} L${p(b, r)} A${r} ${r} 0 ${large} 0 ${p(a, r)} Z" fill="${color}" stroke="${BG}" stroke-width="1.5"/>`,
    );
    a = b;
  });
  body.push(
    `<text x="${cx}" y="${cy - 2}" font-size="12" fill="${MUTED}" text-anchor="middle">total</text>`,
    `<text x="${cx}" y="${cy + 16}" font-size="15" font-weight="500" fill="${TEXT}" text-anchor="middle">${esc(fmt(total, spec.unit))}</text>`,
  );
  const lx = 310;
  body.push(
    `<text x="${lx + 20}" y="64" font-size="11" fill="${MUTED}">Name</text>`,
    `<text x="${W - 80}" y="64" font-size="11" fill="${MUTED}" text-anchor="end">Value</text>`,
    `<text x="${W - 16}" y="64" font-size="11" fill="${MUTED}" text-anchor="end">Percent</text>`,
  );
  slices.forEach((s, i) => {
    const yy = 88 + i * 22;
    const color = PALETTE[i % PALETTE.length] as string;
    body.push(
      `<rect x="${lx}" y="${yy - 6}" width="14" height="4" rx="1" fill="${color}"/>`,
      `<text x="${lx + 20}" y="${yy}" font-size="12" fill="${TEXT}">${esc(s.name)}</text>`,
      `<text x="${W - 80}" y="${yy}" font-size="12" fill="${TEXT}" text-anchor="end">${esc(fmt(s.value, spec.unit))}</text>`,
      `<text x="${W - 16}" y="${yy}" font-size="12" fill="${TEXT}" text-anchor="end">${total > 0 ? ((100 * s.value) / total).toFixed(1) : "0"}%</text>`,
    );
  });
  const alt = `${spec.title}: ${slices.map((s) => `${s.name} ${fmt(s.value, spec.unit)}`).join(", ")}`;
  return frame(W, H, spec.title, body, alt);
}

function statSvg(spec: PictureSpec, value: number, label: string) {
  const W = 360;
  const H = 180;
  const text = fmt(value, spec.unit, spec.decimals);
  const body = [
    `<text x="${W / 2}" y="112" font-size="54" font-weight="500" fill="#73BF69" text-anchor="middle">${esc(text)}</text>`,
    `<text x="${W / 2}" y="148" font-size="13" fill="${MUTED}" text-anchor="middle">${esc(label)}</text>`,
  ];
  return frame(W, H, spec.title, body, `${spec.title}: ${text} (${label})`);
}

function gaugeSvg(spec: PictureSpec, value: number, label: string) {
  const W = 360;
  const H = 240;
  const cx = W / 2;
  const cy = 158;
  const R = 92;
  const span = (240 * Math.PI) / 180;
  const start = Math.PI / 2 + (Math.PI * 2 - span) / 2;
  const clamped = Math.max(0, Math.min(1, value));
  const p = (ang: number) => `${r1(cx + R * Math.cos(ang))} ${r1(cy + R * Math.sin(ang))}`;
  const arc = (from: number, to: number, color: string) =>
    `<path d="M${p(from)} A${R} ${R} 0 ${to - from > Math.PI ? 1 : 0} 1 ${p(to)}" fill="none" stroke="${color}" stroke-width="18"/>`;
  const text = fmt(value, spec.unit, spec.decimals);
  const body = [arc(start, start + span, GRID)];
  if (clamped > 0) body.push(arc(start, start + span * clamped, "#73BF69"));
  body.push(
    `<text x="${cx}" y="${cy + 12}" font-size="38" font-weight="500" fill="#73BF69" text-anchor="middle">${esc(text)}</text>`,
    `<text x="${cx}" y="${H - 16}" font-size="13" fill="${MUTED}" text-anchor="middle">${esc(label)}</text>`,
  );
  return frame(W, H, spec.title, body, `${spec.title}: ${text}`);
}

function barsSvg(spec: PictureSpec, bars: { name: string; value: number }[]) {
  const W = 600;
  const H = 60 + bars.length * 52;
  const left = 110;
  const right = W - 110;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const body: string[] = [];
  bars.forEach((b, i) => {
    const yy = 50 + i * 52;
    const color = PALETTE[i % PALETTE.length] as string;
    const w = ((right - left) * b.value) / max;
    body.push(
      `<text x="${left - 10}" y="${yy + 21}" font-size="13" fill="${TEXT}" text-anchor="end">${esc(b.name)}</text>`,
      `<rect x="${left}" y="${yy + 4}" width="${r1(right - left)}" height="26" rx="2" fill="${GRID}"/>`,
      `<rect x="${left}" y="${yy + 4}" width="${r1(w)}" height="26" rx="2" fill="${color}"/>`,
      `<text x="${right + 10}" y="${yy + 23}" font-size="18" font-weight="500" fill="${color}">${esc(fmt(b.value, spec.unit, spec.decimals))}</text>`,
    );
  });
  const alt = `${spec.title}: ${bars.map((b) => `${b.name} ${fmt(b.value, spec.unit, spec.decimals)}`).join(", ")}`;
  return frame(W, H, spec.title, body, alt);
}

/** One value of an instant query, named by the panel's legend. */
export interface Item {
  readonly name: string;
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** What a panel's query returned: an instant vector, or series over a range. */
export type Result =
  | { readonly instant: true; readonly items: readonly Item[] }
  | {
      readonly instant: false;
      readonly series: readonly Series[];
      readonly startMs: number;
      readonly endMs: number;
      readonly stepMs: number;
    };

/** A panel's picture: how it was drawn and the SVG. */
export function drawPicture(spec: PictureSpec, result: Result): { kind: Kind; svg: string } {
  if (!result.instant) {
    return {
      kind: kindOf(spec, result.series.length),
      svg: timeseriesSvg(spec, [...result.series], result.startMs, result.endMs, result.stepMs),
    };
  }
  const items = [...result.items];
  const first = items[0];
  if (!first) throw new Error(`${spec.title}: no data`);
  const kind = kindOf(spec, items.length);
  const svg =
    kind === "stat"
      ? statSvg(spec, first.value, first.name)
      : kind === "gauge"
        ? gaugeSvg(spec, first.value, first.name)
        : kind === "pie"
          ? pieSvg(spec, items)
          : barsSvg(spec, items);
  return { kind, svg };
}

export const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** What the gallery page says about the run (panels.json holds it too). */
export interface GalleryMeta {
  readonly generatedAt: string;
  readonly simulation: {
    readonly scenario: string;
    readonly users: number;
    readonly seed: string;
    readonly totals: { readonly costUsd: number; readonly tokens: Readonly<Record<string, number>> };
  };
  readonly servers: { readonly collector: string; readonly prometheus: string };
}

/** A picture as the page and panels.json list it. */
export interface GalleryPanel {
  readonly file: string;
  readonly title: string;
  readonly caption: string;
  readonly panelId: number;
  readonly dashboardType: string;
  readonly drawnAs: Kind;
}

/** The gallery page: every picture with its caption, and how they were made. */
export function renderPage(meta: GalleryMeta, panels: readonly GalleryPanel[]): string {
  const { users, seed, scenario } = meta.simulation;
  const asBars = panels.filter((p) => p.drawnAs === "bars").map((p) => `_${p.title}_`);
  const bars =
    asBars.length === 0
      ? ""
      : asBars.length === 1
        ? `, and ${asBars[0]}, a stat panel in Grafana, is drawn here as bars`
        : `, and ${asBars.join(", ")}, stat panels in Grafana, are drawn here as bars`;
  const tokens = Object.values(meta.simulation.totals.tokens).reduce((a, b) => a + b, 0);
  const date = meta.generatedAt.slice(0, 10);
  const lines = [
    "---",
    "title: Dashboard gallery",
    "description: Pictures of dashboard panels drawn by cc-otel from real queries on a simulated team day, and exactly how they were made.",
    "---",
    "",
    "<!-- Generated by apps/docs/scripts/panel-images.ts: run `pnpm --filter @cc-otel/docs panel-images` instead of editing. -->",
    "",
    "What the Claude Code dashboard shows, for a simulated team of " +
      `${users} developers over one day. Each picture is one panel of the dashboard, drawn by cc-otel ` +
      "from the result of that panel's own Prometheus query, **not a Grafana screenshot** " +
      "(see [how these pictures were made](#how-these-pictures-were-made)). " +
      "Every panel is described in the [dashboard panel reference](/reference/dashboard-panels/).",
    "",
  ];
  for (const p of panels) {
    lines.push(
      `## ${p.title}`,
      "",
      `![${p.title} panel, drawn from live query results](../../assets/panels/${p.file})`,
      "",
    );
    lines.push(`${p.caption} _Panel ${p.panelId} (${p.dashboardType} in Grafana)._`, "");
  }
  lines.push(
    "## How these pictures were made",
    "",
    "- **Command:** `pnpm --filter @cc-otel/docs panel-images` (the script is " +
      "`apps/docs/scripts/panel-images.ts`). It builds the workspace packages it uses, then:",
    "  1. starts the native stack of `@cc-otel/harness`: the **real OpenTelemetry Collector " +
      `${meta.servers.collector}** and the **real Prometheus ${meta.servers.prometheus}** (the versions ` +
      "pinned in `stack/versions.json`), on 127.0.0.1, with the project's own collector and Prometheus " +
      "configuration;",
    `  2. backfills a **simulated** day with \`pnpm simulate\`'s engine: scenario \`${scenario}\`, ${users} ` +
      `users, **fixed seed \`${seed}\`**, OTLP over gRPC with delta temporality, the 24 hours minus ` +
      "10 minutes before the run, and waits until the cost in Prometheus equals what the simulator " +
      "sent. No real Claude Code usage is involved;",
    "  3. resolves each panel's query from the dashboard definition (`@cc-otel/dashboard`) the way " +
      "Grafana would send it: dashboard range last 24 hours, the panel's own relative time and min " +
      "interval, Prometheus scrape interval 60s, every filter on All. Then it runs it against " +
      "Prometheus (an instant query for stats, gauges and pies; a range query for time series);",
    "  4. draws each result as an SVG in the style of a Grafana dark panel and stops the servers.",
    "- **Not Grafana:** Grafana does not run on the machine that builds these docs, so the pictures " +
      "are cc-otel's own rendering. The numbers are the ones Grafana would receive for the same " +
      `queries; the look (fonts, colours, legends, axes) only approximates Grafana's${bars}.`,
    `- **Date:** ${meta.generatedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}. Times on the ` +
      "axes are UTC. _Total Cost Today_ covers midnight UTC to the time of the run only.",
    `- **The data:** the simulator sent $${meta.simulation.totals.costUsd.toFixed(2)} of cost and ` +
      `${tokens.toLocaleString("en-US")} tokens. Every number drawn, with the exact PromQL that ` +
      "produced it and its time range and step, is in `apps/docs/src/assets/panels/panels.json`, " +
      "committed next to the pictures.",
    "- **Reproducing them:** the seed fixes the simulated team's behaviour, but the window is the " +
      "24 hours before the run (the simulated team keeps office hours and mostly rests at weekends), " +
      "so a rerun at another time of day, or on a weekend, draws a differently shaped day.",
    "",
    `The pictures and this page were last regenerated on ${date}.`,
    "",
  );
  return lines.join("\n");
}
