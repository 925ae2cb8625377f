/**
 * The dashboard gallery's pictures are committed outputs of scripts/panel-images.ts (which starts
 * real servers and is not run here): every SVG the page shows must exist, be well-formed XML with an
 * <svg> root, and be described in the panels.json sidecar. Redrawn from the sidecar's numbers with
 * what the dashboard says of each panel, every picture and the page must be the committed ones.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildDashboard } from "@cc-otel/dashboard";
import { describe, expect, it } from "vitest";
import {
  drawPicture,
  type GalleryMeta,
  type GalleryPanel,
  type Item,
  PICTURED,
  pictureSpecs,
  type Result,
  renderPage,
  type Series,
  slug,
} from "../scripts/panel-pictures.ts";
import { DOCS_DIR } from "../src/reference/paths.js";

const PAGE = join(DOCS_DIR, "src", "content", "docs", "dashboard-gallery.md");
const SIDECAR = join(DOCS_DIR, "src", "assets", "panels", "panels.json");

/** Names of the elements of a well-formed XML document, root first; throws on malformed XML. */
function xmlElements(xml: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  let rootClosed = false;
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<\/?[^>]*>|[^<]+/g;
  const attr = /\s+([A-Za-z_:][\w:.-]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
  const entity = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const checkText = (text: string, where: string) => {
    if (text.replace(entity, "").includes("&")) throw new Error(`bad entity in ${where}`);
  };
  let consumed = 0;
  for (const m of xml.matchAll(token)) {
    if (m.index !== consumed) throw new Error(`unparsable XML at offset ${consumed}`);
    consumed += m[0].length;
    const t = m[0];
    if (/^<[?!]/.test(t)) continue;
    if (!t.startsWith("<")) {
      if (open.length === 0 && t.trim()) throw new Error("text outside the root element");
      checkText(t, "text");
      continue;
    }
    const close = /^<\/([A-Za-z_][\w:.-]*)\s*>$/.exec(t);
    if (close) {
      if (open.pop() !== close[1]) throw new Error(`unbalanced </${close[1]}>`);
      if (open.length === 0) rootClosed = true;
      continue;
    }
    const start = /^<([A-Za-z_][\w:.-]*)/.exec(t);
    if (!start?.[1]) throw new Error(`bad tag ${t.slice(0, 40)}`);
    if (rootClosed || (open.length === 0 && names.length > 0)) throw new Error("more than one root element");
    const selfClosing = t.endsWith("/>");
    const rest = t.slice(start[0].length, selfClosing ? -2 : -1);
    const seen = new Set<string>();
    attr.lastIndex = 0;
    let pos = 0;
    for (let a = attr.exec(rest); a; a = attr.exec(rest)) {
      if (seen.has(a[1] as string)) throw new Error(`duplicate attribute ${a[1]}`);
      seen.add(a[1] as string);
      checkText(a[2] as string, `attribute ${a[1]}`);
      pos = attr.lastIndex;
    }
    if (rest.slice(pos).trim())
      throw new Error(`bad attributes in <${start[1]}>: ${rest.slice(pos, pos + 40)}`);
    names.push(start[1]);
    if (selfClosing) {
      if (open.length === 0) rootClosed = true;
    } else open.push(start[1]);
  }
  if (consumed !== xml.length) throw new Error("trailing garbage");
  if (open.length > 0) throw new Error(`unclosed <${open.join("> <")}>`);
  if (names.length === 0) throw new Error("no root element");
  return names;
}

describe("xmlElements", () => {
  it("accepts well-formed XML and rejects malformed XML", () => {
    expect(
      xmlElements('<?xml version="1.0"?>\n<svg a="1"><g><text>x &amp; y</text></g><rect/></svg>\n'),
    ).toEqual(["svg", "g", "text", "rect"]);
    expect(() => xmlElements("<svg><g></svg>")).toThrow();
    expect(() => xmlElements("<svg>a & b</svg>")).toThrow();
    expect(() => xmlElements('<svg a="1" a="2"/>')).toThrow();
    expect(() => xmlElements("<svg a=1/>")).toThrow();
    expect(() => xmlElements("<svg/><svg/>")).toThrow();
  });
});

describe("dashboard gallery pictures", () => {
  const page = readFileSync(PAGE, "utf8");
  const images = [...page.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1] as string);

  it("shows several panel pictures", () => {
    expect(images.length).toBeGreaterThanOrEqual(5);
  });

  it.each(images)("%s exists and is an SVG document", (src) => {
    const file = resolve(dirname(PAGE), src);
    expect(existsSync(file), file).toBe(true);
    const elements = xmlElements(readFileSync(file, "utf8"));
    expect(elements[0]).toBe("svg");
    expect(readFileSync(file, "utf8")).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it("has the numbers of every picture in panels.json", () => {
    const sidecar = JSON.parse(readFileSync(SIDECAR, "utf8")) as {
      simulation: { seed: string };
      panels: { file: string; query: { expr: string }; data: unknown[] }[];
    };
    const files = sidecar.panels.map((p) => p.file);
    expect(images.map((src) => src.split("/").pop()).sort()).toEqual([...files].sort());
    for (const p of sidecar.panels) {
      expect(p.query.expr, p.file).not.toMatch(/\$\w/);
      expect(p.data.length, p.file).toBeGreaterThan(0);
    }
    expect(page).toContain(sidecar.simulation.seed);
  });
});

interface SidecarPanel extends GalleryPanel {
  readonly unit: string;
  readonly query: { instant: boolean; startMs: number; endMs: number; stepMs: number };
  readonly data: unknown[];
}
const sidecar = () => JSON.parse(readFileSync(SIDECAR, "utf8")) as GalleryMeta & { panels: SidecarPanel[] };

function resultOf(p: SidecarPanel): Result {
  return p.query.instant
    ? { instant: true, items: p.data as Item[] }
    : {
        instant: false,
        series: p.data as Series[],
        startMs: p.query.startMs,
        endMs: p.query.endMs,
        stepMs: p.query.stepMs,
      };
}

describe("the pictures follow the dashboard", () => {
  const specs = pictureSpecs();
  const panels = sidecar().panels;

  it("picture each listed panel, with the dashboard's id, type and unit", () => {
    expect(panels.map((p) => p.title)).toEqual(PICTURED.map((p) => p.title));
    for (const [i, p] of panels.entries()) {
      const spec = specs[i];
      expect(
        {
          file: p.file,
          panelId: p.panelId,
          dashboardType: p.dashboardType,
          unit: p.unit,
          caption: p.caption,
        },
        p.title,
      ).toEqual({
        file: `${slug(p.title)}.svg`,
        panelId: spec?.panelId,
        dashboardType: spec?.dashboardType,
        unit: spec?.unit,
        caption: spec?.caption,
      });
    }
  });

  it.each(panels.map((p, i) => [p.file, p, i] as const))(
    "%s, redrawn from panels.json, is the committed picture",
    (_, p, i) => {
      const spec = specs[i];
      if (!spec) throw new Error(`no spec for ${p.title}`);
      const { kind, svg } = drawPicture(spec, resultOf(p));
      expect(kind).toBe(p.drawnAs);
      expect(svg).toBe(readFileSync(join(dirname(SIDECAR), p.file), "utf8"));
    },
  );

  it("the page is the one rendered from panels.json", () => {
    const s = sidecar();
    expect(renderPage(s, s.panels)).toBe(readFileSync(PAGE, "utf8"));
  });

  it("reads unit and decimals from the dashboard, not from the script", () => {
    const title = "Total Cost Today";
    const i = PICTURED.findIndex((p) => p.title === title);
    const p = panels[i];
    if (!p) throw new Error(`${title} is not pictured`);
    const dashboard = buildDashboard();
    const panel = dashboard.panels?.find((x) => x.title === title) as
      | { fieldConfig: { defaults: { unit?: string; decimals?: number } } }
      | undefined;
    if (!panel) throw new Error(`no panel ${title}`);
    panel.fieldConfig.defaults.decimals = 0;
    const changed = pictureSpecs(dashboard)[i];
    if (!changed) throw new Error("no spec");
    expect(changed.decimals).toBe(0);
    const { svg } = drawPicture(changed, resultOf(p));
    expect(svg).not.toBe(readFileSync(join(dirname(SIDECAR), p.file), "utf8"));
    panel.fieldConfig.defaults.unit = "bytes";
    expect(() => pictureSpecs(dashboard)).toThrow(/no drawing for unit bytes/);
  });
});
