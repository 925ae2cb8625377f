/**
 * An export failure as one readable line, whatever shape it arrives in: an exporter's error (gRPC
 * status, HTTP status, socket error) or the SDK's metric reader wrapping one into its own message.
 */
export function describeExportError(error: unknown): string {
  if (error === undefined || error === null) return "export failed";
  const e = error as Error & { code?: unknown; cause?: { code?: string } };
  let message = e instanceof Error ? e.message : String(error);
  // PeriodicExportingMetricReader: "metrics export failed (error <the exporter's error as text>)".
  const wrapped = /^PeriodicExportingMetricReader: metrics export failed \(error (.*)\)$/s.exec(message);
  if (wrapped?.[1]) message = wrapped[1].replace(/^(?:\w*Error|Error): /, "");
  const refused = e.cause?.code === "ECONNREFUSED" || /ECONNREFUSED/.test(message);
  // gRPC messages carry a timestamp and an empty "Resolution note": keep the useful part.
  message = message
    .replace(/\s*\(\d{4}-\d\d-\d\dT[^)]*\)/g, "")
    .replace(/\s*Resolution note:\s*$/, "")
    .trim();
  const note = refused && !/refused/i.test(message) ? " (connection refused: nothing listens there)" : "";
  return `${message || "export failed"}${note}`;
}
