import { COLLECTOR } from "@cc-otel/collector/names";
import { describe, expect, it } from "vitest";
import { composeImages, stackVersions } from "../src/versions.js";

// Users run the images in stack/compose.yaml; tests run servers built at stack/versions.json.
// They must be the same releases, or the tests prove nothing about what users run.
describe("compose and harness pin the same versions", () => {
  const images = composeImages();
  const versions = stackVersions();

  it("collector", () => {
    expect(images[COLLECTOR.service]).toBe(versions.collector.image);
    expect(versions.collector.image).toBe(
      `otel/opentelemetry-collector-contrib:${versions.collector.version}`,
    );
    expect(versions.ocb.version).toBe(`v${versions.collector.version}`);
  });

  it("prometheus", () => {
    expect(images.prometheus).toBe(versions.prometheus.image);
    expect(versions.prometheus.image).toBe(`prom/prometheus:v${versions.prometheus.version}`);
    // Prometheus 3.X.Y is published as Go module v0.3XX.Y.
    const [major, minor, patch] = versions.prometheus.version.split(".").map(Number);
    expect(versions.prometheus.goModule).toBe(`v0.${major}${String(minor).padStart(2, "0")}.${patch}`);
  });

  it("jaeger (the optional traces backend)", () => {
    expect(images.jaeger).toBe(versions.jaeger.image);
    expect(versions.jaeger.image).toBe(`jaegertracing/jaeger:${versions.jaeger.version}`);
    // Jaeger 2.M.P is released from the same commit as Go module v1.(63+M).P.
    const [major, minor, patch] = versions.jaeger.version.split(".").map(Number);
    expect(major).toBe(2);
    expect(versions.jaeger.goModule).toBe(`v1.${63 + (minor as number)}.${patch}`);
  });

  it("loki, grafana and the health-check tools are pinned to the same releases", () => {
    expect(images.loki).toBe(versions.loki.image);
    expect(images.grafana).toBe(versions.grafana.image);
    expect(images.healthtools).toBe(versions.busybox.image);
  });

  it("pins every image to an exact tag, never latest", () => {
    for (const [service, image] of Object.entries(images)) {
      expect(image, service).toMatch(/:v?\d+\.\d+\.\d+(-[a-z]+)?$/);
      expect(image, service).not.toMatch(/:latest$/);
    }
  });
});
