import { metricExportInterval } from "@cc-otel/contract";
import { PanelBuilder as BarGaugeBuilder } from "@grafana/grafana-foundation-sdk/bargauge";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphDrawStyle,
  LegendDisplayMode,
  LegendPlacement,
  LogsDedupStrategy,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  StackingConfigBuilder,
  StackingMode,
  VizLegendOptionsBuilder,
  VizOrientation,
} from "@grafana/grafana-foundation-sdk/common";
import {
  type DataSourceRef,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as GaugeBuilder } from "@grafana/grafana-foundation-sdk/gauge";
import { PanelBuilder as LogsBuilder } from "@grafana/grafana-foundation-sdk/logs";
import {
  QueryEditorMode as LokiEditorMode,
  DataqueryBuilder as LokiQuery,
  LokiQueryDirection,
  LokiQueryType,
} from "@grafana/grafana-foundation-sdk/loki";
import {
  PanelBuilder as PieChartBuilder,
  PieChartLegendOptionsBuilder,
  PieChartLegendValues,
  PieChartType,
} from "@grafana/grafana-foundation-sdk/piechart";
import {
  QueryEditorMode as PromEditorMode,
  DataqueryBuilder as PromQuery,
  PromQueryFormat,
} from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TableBuilder } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import type { DatasourceKind } from "../interpolate.js";
import { dsRef } from "../variables.js";

/**
 * Panel factories: each takes a PanelSpec (what every panel has: id, title, description, size,
 * datasource and queries) and returns a configured foundation-sdk builder the caller may refine.
 */

/**
 * Min interval of Prometheus panels = Claude Code's export interval (60 s). Grafana then keeps
 * `$__rate_interval` at max($__interval + 1m, 4 × 1m) ≥ 4 min, i.e. at least 4 exports per rate
 * window (2 are needed), whatever scrape interval the datasource declares.
 */
export const PROM_MIN_INTERVAL = metricExportInterval();

/** Relative-time overrides. `now/d` follows the dashboard time zone: "today so far". */
export const TODAY = "now/d";
export const LAST_24H = "24h";
export const LAST_7D = "7d";

export interface Target {
  readonly expr: string;
  readonly legend?: string;
  /** One value over the panel's time range (stats, pies, bar gauges, tables). */
  readonly instant?: boolean;
  readonly format?: "table";
  /** Loki log queries: read oldest first (a session drill-down reads in order). */
  readonly forward?: boolean;
}

export interface PanelSpec {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly datasource: DatasourceKind;
  readonly targets: readonly Target[];
  readonly w: number;
  readonly h: number;
  readonly unit?: string;
  readonly decimals?: number;
  /** Relative time override (TODAY, LAST_24H, LAST_7D). */
  readonly timeFrom?: string;
  /** Min interval; Prometheus panels default to PROM_MIN_INTERVAL. */
  readonly interval?: string;
  /** Base colour of the single threshold step (colours stats and gauges). */
  readonly color?: string;
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function refId(i: number): string {
  const id = REF_IDS[i];
  if (!id) throw new Error("too many queries in one panel");
  return id;
}

function promTarget(t: Target, i: number, ds: DataSourceRef): PromQuery {
  const q = new PromQuery().refId(refId(i)).datasource(ds).editorMode(PromEditorMode.Code).expr(t.expr);
  if (t.legend !== undefined) q.legendFormat(t.legend);
  if (t.format === "table") q.format(PromQueryFormat.Table);
  return t.instant ? q.instant() : q.range();
}

function lokiTarget(t: Target, i: number, ds: DataSourceRef): LokiQuery {
  const q = new LokiQuery()
    .refId(refId(i))
    .datasource(ds)
    .editorMode(LokiEditorMode.Code)
    .expr(t.expr)
    .queryType(t.instant ? LokiQueryType.Instant : LokiQueryType.Range);
  if (t.legend !== undefined) q.legendFormat(t.legend);
  if (t.forward) q.direction(LokiQueryDirection.Forward);
  return q;
}

/** What every foundation-sdk panel builder offers. */
interface AnyPanelBuilder {
  id(id: number): this;
  title(title: string): this;
  description(description: string): this;
  datasource(ds: DataSourceRef): this;
  withTarget(target: cog.Builder<cog.Dataquery>): this;
  span(w: number): this;
  height(h: number): this;
  unit(unit: string): this;
  decimals(decimals: number): this;
  timeFrom(timeFrom: string): this;
  interval(interval: string): this;
  thresholds(
    thresholds: cog.Builder<import("@grafana/grafana-foundation-sdk/dashboard").ThresholdsConfig>,
  ): this;
}

function thresholds(color: string) {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null, color }]);
}

function configure<B extends AnyPanelBuilder>(b: B, spec: PanelSpec): B {
  const ds = dsRef(spec.datasource);
  b.id(spec.id).title(spec.title).description(spec.description).datasource(ds).span(spec.w).height(spec.h);
  spec.targets.forEach((t, i) => {
    b.withTarget(spec.datasource === "prometheus" ? promTarget(t, i, ds) : lokiTarget(t, i, ds));
  });
  // A min interval matters to range queries only ($__interval, $__rate_interval).
  const ranged = spec.targets.some((t) => !t.instant);
  const interval =
    spec.interval ?? (spec.datasource === "prometheus" && ranged ? PROM_MIN_INTERVAL : undefined);
  if (interval) b.interval(interval);
  if (spec.timeFrom) b.timeFrom(spec.timeFrom);
  if (spec.unit) b.unit(spec.unit);
  if (spec.decimals !== undefined) b.decimals(spec.decimals);
  b.thresholds(thresholds(spec.color ?? "green"));
  return b;
}

const lastValue = () => new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false);

export function stat(spec: PanelSpec): StatBuilder {
  return configure(new StatBuilder(), spec)
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Value)
    .textMode(spec.targets.length > 1 ? BigValueTextMode.ValueAndName : BigValueTextMode.Value)
    .orientation(VizOrientation.Auto);
}

export function gauge(spec: PanelSpec & { readonly min: number; readonly max: number }): GaugeBuilder {
  return configure(new GaugeBuilder(), spec).reduceOptions(lastValue()).min(spec.min).max(spec.max);
}

export function barGauge(spec: PanelSpec): BarGaugeBuilder {
  return configure(new BarGaugeBuilder(), spec)
    .reduceOptions(lastValue())
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal);
}

export function pie(spec: PanelSpec): PieChartBuilder {
  return configure(new PieChartBuilder(), spec)
    .reduceOptions(lastValue())
    .pieType(PieChartType.Donut)
    .legend(
      new PieChartLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Right)
        .values([PieChartLegendValues.Value, PieChartLegendValues.Percent]),
    );
}

export function timeseries(
  spec: PanelSpec & { readonly bars?: boolean; readonly stacked?: boolean },
): TimeseriesBuilder {
  const b = configure(new TimeseriesBuilder(), spec)
    .drawStyle(spec.bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line)
    .fillOpacity(spec.bars ? 80 : 10)
    .lineWidth(1)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    );
  if (spec.stacked) b.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  return b;
}

export function table(spec: PanelSpec): TableBuilder {
  return configure(new TableBuilder(), spec).showHeader(true);
}

export function logs(spec: PanelSpec): LogsBuilder {
  return configure(new LogsBuilder(), spec)
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(LogsSortOrder.Ascending)
    .dedupStrategy(LogsDedupStrategy.None);
}
