import { sharedConfig } from "../../vitest.shared.js";

// The throughput benchmark's configs and requests, checked against the real collector (no timing).
export default sharedConfig(import.meta.dirname, { testTimeout: 120_000, serial: true });
