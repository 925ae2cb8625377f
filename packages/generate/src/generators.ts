import { generatedFiles as alertsFiles } from "@cc-otel/alerts";
import { generatedFiles as collectorFiles } from "@cc-otel/collector";
import { generatedFiles as dashboardFiles } from "@cc-otel/dashboard";
import { generatedFiles as docsFiles } from "@cc-otel/docs";
import { generatedFiles as k8sFiles } from "@cc-otel/k8s";
import type { GeneratedFile } from "@cc-otel/repo";

/** One package's generation: the files it makes, with what they depend on read under `root`. */
export interface Generator {
  /** The package that owns the files. */
  readonly name: string;
  readonly files: (root: string) => GeneratedFile[];
}

export interface GenerateOptions {
  /** Sets the daily budget of stack/prometheus/rules/claude-code-budget.yml (else it keeps its own). */
  readonly dailyBudgetUsd?: number;
}

/**
 * Every generator, in dependency order: a generator that reads a generated file runs after the one
 * that writes it, and is computed only once that file is written. The collector's config comes
 * first because k8s/ copies it; the others need nothing another writes (the docs import the
 * dashboard's and the alerts' data, and fill a region of their own hand-written privacy page).
 */
export function generators(options: GenerateOptions = {}): readonly Generator[] {
  const budget = options.dailyBudgetUsd === undefined ? {} : { dailyBudgetUsd: options.dailyBudgetUsd };
  return [
    { name: "@cc-otel/collector", files: (root) => collectorFiles(root) },
    { name: "@cc-otel/dashboard", files: () => dashboardFiles() },
    { name: "@cc-otel/alerts", files: (root) => alertsFiles(root, budget) },
    // Reads stack/collector/config.yaml and the budget file from disk: after @cc-otel/collector and
    // @cc-otel/alerts have written them (the rest of the Prometheus Operator component is their data).
    { name: "@cc-otel/k8s", files: (root) => k8sFiles(root) },
    { name: "@cc-otel/docs", files: (root) => docsFiles(root) },
  ];
}

export const GENERATORS: readonly Generator[] = generators();
