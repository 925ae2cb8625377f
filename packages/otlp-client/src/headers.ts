/**
 * OTEL_EXPORTER_OTLP_HEADERS and its per-signal forms: comma-separated `key=value` pairs, keys and
 * values percent-decoded (the specification's W3C Baggage-like format, e.g.
 * `Authorization=Bearer%20abc`). Keys keep their case, as the OpenTelemetry JS SDK keeps it: HTTP
 * header names are case-insensitive anyway, and gRPC metadata lower-cases them itself.
 */
export interface ParsedHeaders {
  readonly headers: Record<string, string>;
  /** Entries that are not key=value, or not valid percent-encoding, as written. */
  readonly bad: string[];
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function parseOtlpHeaders(raw: string | undefined): ParsedHeaders {
  const headers: Record<string, string> = {};
  const bad: string[] = [];
  for (const part of (raw ?? "").split(",")) {
    const entry = part.trim();
    if (entry === "") continue;
    const i = entry.indexOf("=");
    const key = i > 0 ? decode(entry.slice(0, i).trim()) : undefined;
    const value = i > 0 ? decode(entry.slice(i + 1).trim()) : undefined;
    if (!key || value === undefined) {
      bad.push(entry);
      continue;
    }
    headers[key] = value;
  }
  return { headers, bad };
}
