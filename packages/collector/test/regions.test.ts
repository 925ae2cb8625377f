import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EVENT_NAMES,
  eventMetricsConnector,
  knownEventNamePattern,
  privacyProcessor,
} from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  CONFIG_PATH,
  entryRange,
  generatedFiles,
  renderPrivacyEntry,
  sectionRange,
  withEventMetricsConnector,
  withKnownEventNames,
  withPrivacyProcessor,
} from "../src/index.js";

/** A config shaped like stack/collector/config.yaml, with both regions stale. */
const STALE = `# hand-written header
processors:
  memory_limiter:
    check_interval: 1s

  # Privacy by default (hand-written comment, kept).
  transform/privacy:
    error_mode: propagate
    log_statements:
      - context: log
        statements:
          - delete_key(log.attributes, "prompt")

  # Counting (hand-written comment, kept).
  transform/count:
    error_mode: ignore
    metric_statements:
      # a comment inside the processor, kept
      - context: datapoint
        statements:
          - set(datapoint.attributes["event.name"], "other") where not IsMatch(datapoint.attributes["event.name"], "^(user_prompt)$")
          - set(datapoint.time_unix_nano, 0)

connectors:
  transform/privacy:
    left: alone

  # Event aggregates (hand-written comment, kept).
  signal_to_metrics/events: {}
`;

describe("the privacy processor region", () => {
  it("renders the contract's privacyProcessor() as YAML under processors:", () => {
    expect(parse(renderPrivacyEntry().replace(/^ {2}/gm, ""))).toEqual({
      "transform/privacy": privacyProcessor(),
    });
    expect(renderPrivacyEntry()).toMatch(/^ {2}transform\/privacy:\n {4}error_mode: ignore\n/);
  });

  it("replaces a stale processor and nothing else: comments, blank lines, other sections stay", () => {
    const out = withPrivacyProcessor(STALE);
    const cfg = parse(out);
    expect(cfg.processors["transform/privacy"]).toEqual(privacyProcessor());
    expect(cfg.connectors["transform/privacy"]).toEqual({ left: "alone" });
    const before = STALE.slice(0, STALE.indexOf("  transform/privacy:"));
    const after = STALE.slice(STALE.indexOf("\n\n  # Counting"));
    expect(out).toBe(`${before}${renderPrivacyEntry()}${after}`);
  });

  it("is idempotent", () => {
    const once = withPrivacyProcessor(STALE);
    expect(withPrivacyProcessor(once)).toBe(once);
  });

  it("refuses a config without the processor rather than inventing its place", () => {
    const without = STALE.replace(/ {2}transform\/privacy:\n(?: {4}.*\n)+/, "");
    expect(() => withPrivacyProcessor(without)).toThrow(
      /one `transform\/privacy:` indented 2 spaces, found 0/,
    );
  });
});

describe("the known event names of transform/count", () => {
  it("become the contract's event names, the rest of the statement and file as written", () => {
    const out = withKnownEventNames(STALE);
    expect(out).toBe(STALE.replace('"^(user_prompt)$"', `"${knownEventNamePattern()}"`));
    expect(knownEventNamePattern().slice(2, -2).split("|")).toEqual([...EVENT_NAMES]);
  });

  it("refuse a processor with no pattern, or two", () => {
    expect(() => withKnownEventNames(STALE.replace("IsMatch(", "Matches("))).toThrow(/found 0/);
    const twice = STALE.replace(
      "          - set(datapoint.time_unix_nano, 0)",
      '          - set(datapoint.time_unix_nano, 0) where IsMatch(datapoint.attributes["event.name"], "x")',
    );
    expect(() => withKnownEventNames(twice)).toThrow(/found 2/);
  });
});

describe("entries found by their text", () => {
  const text = "a:\n  b:\n    c: 1\n    # deeper comment\n  # sibling comment\n  d: 2\n  e:\n    f: 3";

  it("end before the first line not indented deeper than the key", () => {
    const b = entryRange(text, "b", 2);
    expect(text.slice(b.start, b.end)).toBe("  b:\n    c: 1\n    # deeper comment");
  });

  it("run to the end of the file when nothing follows", () => {
    const e = entryRange(text, "e", 2);
    expect(text.slice(e.start, e.end)).toBe("  e:\n    f: 3");
  });

  it("are only searched where asked", () => {
    expect(() => entryRange(text, "d", 2, { start: 0, end: 5 })).toThrow(/found 0/);
    expect(text.slice(entryRange(text, "d", 2, sectionRange(text, "a")).start)).toMatch(/^ {2}d: 2/);
  });

  it("in a top-level section, include blank lines and comments between entries, up to the next key", () => {
    const doc = "a:\n  b: 1\n\n  # about c\n  c: 2\nz: 3\n";
    const a = sectionRange(doc, "a");
    expect(doc.slice(a.start, a.end)).toBe("a:\n  b: 1\n\n  # about c\n  c: 2");
    const z = sectionRange(doc, "z");
    expect(doc.slice(z.start, z.end)).toBe("z: 3\n");
  });
});

describe("generatedFiles", () => {
  it("reads the config under the given root and marks it generated in place", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-collector-"));
    mkdirSync(join(root, "stack/collector"), { recursive: true });
    writeFileSync(join(root, CONFIG_PATH), STALE);
    const [file, ...rest] = generatedFiles(root);
    expect(rest).toEqual([]);
    expect(file).toMatchObject({ path: CONFIG_PATH, inPlace: true });
    expect(file?.content).toBe(withEventMetricsConnector(withKnownEventNames(withPrivacyProcessor(STALE))));
  });

  it("cannot make the hand-written config from nothing", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-collector-"));
    expect(() => generatedFiles(root)).toThrow(/stack\/collector\/config\.yaml is missing/);
  });

  it("finds every region in the committed config", () => {
    const [file] = generatedFiles();
    const cfg = parse(file?.content ?? "");
    expect(cfg.processors["transform/privacy"]).toEqual(privacyProcessor());
    expect(cfg.connectors["signal_to_metrics/events"]).toEqual(eventMetricsConnector());
    expect(file?.content).toContain(
      `IsMatch(datapoint.attributes["event.name"], "${knownEventNamePattern()}")`,
    );
  });
});

describe("the event metrics connector region", () => {
  it("replaces a stale connector with the contract's, comments kept", () => {
    const out = withEventMetricsConnector(STALE);
    expect(parse(out).connectors["signal_to_metrics/events"]).toEqual(eventMetricsConnector());
    expect(out).toContain("# Event aggregates (hand-written comment, kept).");
    expect(parse(out).connectors["transform/privacy"]).toEqual({ left: "alone" });
  });
});
