import { randomBytes } from "node:crypto";
import { LOKI_SELECTOR, prometheusNameFor } from "@cc-otel/contract";

/**
 * What the probe is called on the wire and where it is found again. The probe metric is not a
 * Claude Code metric, so dashboards never show it.
 */
export const PROBE_METRIC = "cc_otel.doctor.probe";
export const PROBE_SERIES = prometheusNameFor(PROBE_METRIC, "", true);
export const PROBE_ID_KEY = "probe_id";
export const PROBE_TEMPORALITY_KEY = "probe.temporality";
export const PROBE_EVENT = "doctor_probe";

export function newProbeId(): string {
  return `doctor-${randomBytes(6).toString("hex")}`;
}

/** The LogQL that reads the probe event back from Loki. */
export function lokiProbeQuery(probeId: string): string {
  return `${LOKI_SELECTOR} | ${PROBE_ID_KEY}="${probeId}"`;
}
