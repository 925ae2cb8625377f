import { sharedConfig } from "../../vitest.shared.js";

// The first run builds kustomize, installs kubernetes-validate and builds a real kube-apiserver
// (minutes on 2 cores; cached afterwards): generous timeouts, one file at a time.
export default sharedConfig(import.meta.dirname, { testTimeout: 1_800_000, serial: true });
