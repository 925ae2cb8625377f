// @ts-check
import starlight from "@astrojs/starlight";
import { defineConfig, passthroughImageService } from "astro/config";

export default defineConfig({
  // The only images are SVGs (the hand-drawn diagram, the dashboard gallery's panels): nothing to
  // optimise, and no native sharp needed.
  image: { service: passthroughImageService() },
  integrations: [
    starlight({
      title: "cc-otel",
      description:
        "Turnkey observability for Claude Code telemetry: OpenTelemetry Collector, Prometheus, Loki and Grafana.",
      lastUpdated: false,
      customCss: ["./src/styles/custom.css"],
      // Shiki has no PromQL or LogQL grammar: show those blocks as plain text, without a warning per block.
      expressiveCode: { shiki: { langAlias: { promql: "txt", logql: "txt" } } },
      sidebar: [
        {
          label: "Start here",
          items: [
            { label: "Overview", link: "/" },
            "architecture",
            "quick-start",
            "dashboard-gallery",
            "claude-code-setup",
          ],
        },
        {
          label: "Guides",
          items: [
            "guides/simulator",
            "guides/kubernetes",
            "guides/hosted-backends",
            "guides/doctor",
            "guides/traces",
          ],
        },
        {
          label: "Reference",
          items: [
            "reference/metrics",
            "reference/events",
            "reference/prices",
            "reference/dashboard-panels",
            "reference/alerts",
          ],
        },
        { label: "Operations", items: ["privacy-security", "reliability", "troubleshooting", "benchmarks"] },
        { label: "Project", items: ["faq", "changelog"] },
      ],
    }),
  ],
});
