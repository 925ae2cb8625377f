import {
  type AttributeSpec,
  CONTENT_EVENT_KEYS,
  CONTENT_FIELDS,
  EVENT_COMMON_ATTRIBUTES,
  EVENT_NAMES,
  EVENTS,
  type EventSpec,
  eventBody,
  LOKI_SELECTOR,
  LOKI_STREAM_LABELS,
  lokiFieldFor,
  SCOPES,
  STANDARD_ATTRIBUTES,
} from "@cc-otel/contract";
import { attributeTable } from "./attributes.js";
import { EVENT_EXAMPLES, ev } from "./examples.js";
import { anchor, banner, cell, code, frontmatter, page } from "./markdown.js";

/** Content fields the collector reduces instead of dropping (tool_parameters), as a clause. */
function reducedNote(): string {
  const reduced = [
    ...new Set(
      CONTENT_FIELDS.filter((f) => f.signal === "event" && f.spec.byDefault !== "drop").map((f) => f.key),
    ),
  ];
  return reduced.length
    ? ` (${reduced.map(code).join(", ")}: reduced to ${reduced.length > 1 ? "their" : "its"} safe keys)`
    : "";
}

export function eventsPage(generateCommand: string): string {
  const charted = EVENT_NAMES.filter((n) => !("bookkeeping" in EVENTS[n]));
  const bookkeeping = EVENT_NAMES.filter((n) => "bookkeeping" in EVENTS[n]);
  const out: string[] = [
    frontmatter(
      "Events reference",
      "Every Claude Code event: attributes with their OTLP types, the Loki structured-metadata field each becomes and an example LogQL query.",
      banner("apps/docs/src/reference/events-page.ts", "@cc-otel/contract", generateCommand),
      { wideTables: true },
    ),
    `Claude Code sends ${EVENT_NAMES.length} kinds of event as OpenTelemetry log records under the scope ${code(SCOPES.events)}. The record body is ${code("claude_code.<name>")}; the attribute ${code("event.name")} holds the name **without** the prefix.`,
    "",
    `Loki ingests them through its native OTLP endpoint. Only ${code("service.name")} becomes a stream label (${code(LOKI_STREAM_LABELS.serviceName)}), so every query starts with ${code(LOKI_SELECTOR)}. Every other attribute is stored as structured metadata, with dots turned into underscores: filter on it after the selector (${code(`| ${lokiFieldFor("event.name")}="api_request"`)}) and group by it in metric queries.`,
    "",
    "Value types are mixed, exactly as the CLI sends them: `prompt_length`, `success` and the sizes and duration of `tool_result` are strings. Loki stores everything as strings anyway, and `unwrap` parses numbers from either.",
    "",
    "## Summary",
    "",
    "| event | body | what it records |",
    "|---|---|---|",
    ...EVENT_NAMES.map(
      (n) => `| [${code(n)}](#${anchor(n)}) | ${code(eventBody(n))} | ${cell(EVENTS[n].description)} |`,
    ),
    "",
    "## Attributes on every event",
    "",
    attributeTable(EVENT_COMMON_ATTRIBUTES, { header: "Loki field", name: (k) => code(lokiFieldFor(k)) }),
    "",
    "Every event also carries the standard attributes:",
    "",
    attributeTable(STANDARD_ATTRIBUTES, { header: "Loki field", name: (k) => code(lokiFieldFor(k)) }),
    "",
    `The fields that can carry user content (${CONTENT_EVENT_KEYS.map(code).join(", ")}) are removed by the collector where they carry it${reducedNote()}, before they reach Loki, unless you opt in: see [Privacy and security](/privacy-security/).`,
    "",
  ];
  for (const name of [...charted, ...bookkeeping]) {
    const e: EventSpec = EVENTS[name];
    const example = EVENT_EXAMPLES[name];
    out.push(
      `## ${name}`,
      "",
      e.description,
      "",
      "| | |",
      "|---|---|",
      `| body | ${code(eventBody(name))} |`,
      `| ${code("event.name")} | ${code(name)} |`,
      `| LogQL selector | ${cell(code(ev(name)))} |`,
      `| attributes | ${e.evidence === "observed" ? "as observed from the real CLI" : "as read from the CLI's code (not observed in a run here)"}${e.openAttributes ? "; more keys than these may come" : ""} |`,
      "",
    );
    const attrs = e.attributes as Readonly<Record<string, AttributeSpec>>;
    if (Object.keys(attrs).length) {
      out.push(attributeTable(attrs, { header: "Loki field", name: (k) => code(lokiFieldFor(k)) }), "");
    } else {
      out.push(
        "Its attributes are not documented and may change: the stack stores whatever arrives and charts nothing from it.",
        "",
      );
    }
    out.push(`${example.what}:`, "", "```logql", example.logql, "```", "");
  }
  return page(out);
}
