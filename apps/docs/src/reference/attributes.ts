import { type AttributeSpec, type ContentSpec, prometheusLabelFor } from "@cc-otel/contract";
import { cell, code } from "./markdown.js";

/** Attribute tables of the metrics and events pages. */

function values(spec: AttributeSpec): string {
  if (spec.type === "bool") return "`true`, `false`";
  if (!spec.values?.length) return "";
  return `${spec.values.map(code).join(", ")}${spec.open ? ", others may appear" : ""}`;
}

function toggles(content: ContentSpec): string {
  return content.toggles.map((t) => code(`${t}=1`)).join(" or ");
}

/** What the collector does by default with a field that can carry user content. */
function contentNote(content: ContentSpec): string {
  if (content.byDefault === "drop") {
    const keeps = content.keeps ? ` (${content.keeps.split(", ").map(code).join(", ")} stays)` : "";
    return `User content with ${toggles(content)}: removed by the collector by default${keeps}.`;
  }
  return `User content with ${toggles(content)}: by default the collector keeps only ${content.keeps ?? `the keys ${content.byDefault.keepJsonKeys.map(code).join(", ")}`}.`;
}

function notes(spec: AttributeSpec): string {
  const parts = [spec.description];
  const allowed = values(spec);
  if (allowed) parts.push(`Values: ${allowed}.`);
  if (spec.optional) parts.push("_Optional._");
  if (spec.content) parts.push(`**${contentNote(spec.content)}**`);
  return parts.join(" ");
}

/** Prometheus label of a standard attribute, with the collector's defaults applied. */
export function standardPromLabel(key: string): string {
  if (key === "session.id") return `${code(prometheusLabelFor(key))} (dropped by default)`;
  return code(prometheusLabelFor(key));
}

export function attributeTable(
  attrs: Readonly<Record<string, AttributeSpec>>,
  downstream: { header: string; name: (key: string) => string },
): string {
  const rows = Object.entries(attrs).map(
    ([key, spec]) => `| ${code(key)} | ${spec.type} | ${downstream.name(key)} | ${cell(notes(spec))} |`,
  );
  return [
    `| attribute | OTLP type | ${downstream.header} | meaning and allowed values |`,
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}
