/**
 * Opens the built site in a real browser (playwright-core driving Debian's chromium): every page
 * must load without console errors, failed requests or broken images, every internal link and
 * anchor must resolve, and the Pagefind search must answer. Screenshots of the home page and the
 * quick start go to test-artifacts/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, relative, sep } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_DIR } from "../src/reference/paths.js";

const CHROMIUM = process.env.CC_OTEL_CHROMIUM ?? "/usr/bin/chromium";
const INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium";
const DIST = join(DOCS_DIR, "dist");
const ARTIFACTS = join(DOCS_DIR, "test-artifacts");
/** Written last by the build (Starlight's Pagefind step): its presence means a complete build. */
const BUILD_STAMP = join(DIST, "pagefind", "pagefind-entry.json");
const SETUP_TIMEOUT = 100_000;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function newestInput(): number {
  const inputs = [
    ...walk(join(DOCS_DIR, "src")),
    ...(existsSync(join(DOCS_DIR, "public")) ? walk(join(DOCS_DIR, "public")) : []),
    join(DOCS_DIR, "astro.config.mjs"),
    join(DOCS_DIR, "package.json"),
  ];
  return Math.max(...inputs.map((f) => statSync(f).mtimeMs));
}

/** Reuses the build of this test run (turbo builds before it tests) unless sources are newer. */
function ensureBuild(): void {
  const fresh =
    !process.env.CC_OTEL_DOCS_REBUILD &&
    existsSync(BUILD_STAMP) &&
    statSync(BUILD_STAMP).mtimeMs >= newestInput();
  if (fresh) return;
  const astro = join(DOCS_DIR, "node_modules", ".bin", "astro");
  // Vitest exports NODE_ENV=test, MODE, DEV=1, PROD... into process.env; inherited by the build they
  // make Astro render the dev-mode search box (no Pagefind). Build with a clean environment.
  const vitestVars = new Set(["TEST", "NODE_ENV", "BASE_URL", "MODE", "DEV", "PROD", "SSR", "NODE_PATH"]);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && !vitestVars.has(k)),
  );
  const res = spawnSync(astro, ["build"], {
    cwd: DOCS_DIR,
    encoding: "utf8",
    env: { ...env, NODE_ENV: "production", ASTRO_TELEMETRY_DISABLED: "1" },
    timeout: 90_000,
  });
  if (res.status !== 0) {
    throw new Error(
      `astro build failed (exit ${res.status}):\n${`${res.stdout}\n${res.stderr}`.slice(-4000)}`,
    );
  }
}

/** A static host that behaves like a strict one: no directory listings, 404 for anything missing. */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let path: string;
    try {
      path = normalize(join(root, decodeURIComponent(url.pathname)));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      path = join(path, "index.html");
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      const notFound = join(root, "404.html");
      res.writeHead(404, { "content-type": CONTENT_TYPES[".html"] ?? "text/html" });
      res.end(existsSync(notFound) ? readFileSync(notFound) : "not found");
      return;
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream" });
    res.end(readFileSync(path));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

interface PageReport {
  route: string;
  title: string;
  consoleErrors: string[];
  failedRequests: string[];
  brokenImages: string[];
  images: number;
  links: string[];
}

let server: Server | undefined;
let browser: Browser | undefined;
let origin = "";
let routes: string[] = [];
const reports: PageReport[] = [];

async function crawl(b: Browser, route: string): Promise<PageReport> {
  const page = await b.newPage({ viewport: { width: 1280, height: 800 } });
  const report: PageReport = {
    route,
    title: "",
    consoleErrors: [],
    failedRequests: [],
    brokenImages: [],
    images: 0,
    links: [],
  };
  page.on("console", (msg) => {
    if (msg.type() === "error") report.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => report.consoleErrors.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => report.failedRequests.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on("response", (res) => {
    if (res.status() >= 400) report.failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  await page.goto(origin + route, { waitUntil: "networkidle" });
  report.title = await page.title();
  const images = await page.evaluate(async () => {
    const imgs = [...document.images];
    // Markdown images are lazy: load them all before judging.
    for (const img of imgs) img.loading = "eager";
    await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
    return imgs.map((img) => ({ src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0 }));
  });
  report.images = images.length;
  report.brokenImages = images.filter((i) => !i.ok).map((i) => i.src);
  report.links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).href),
  );
  await page.close();
  return report;
}

/**
 * Set-up failures (no chromium, a failed build) are kept and rethrown by every test, so that each
 * one fails with the reason: a throwing beforeAll would only mark the tests skipped.
 */
let setupError: Error | undefined;

function ready(): Browser {
  if (setupError) throw setupError;
  if (!browser) throw new Error("the browser did not start");
  return browser;
}

beforeAll(async () => {
  try {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. The docs browser test needs Debian's chromium (Playwright's own browser download is not used). Install it: ${INSTALL_CHROMIUM}`,
      );
    }
    ensureBuild();
    routes = walk(DIST)
      .filter((f) => f.endsWith("index.html") && !relative(DIST, f).startsWith("pagefind"))
      .map((f) => `/${relative(DIST, f).split(sep).join("/")}`.replace(/index\.html$/, ""))
      .sort();
    server = await serve(DIST);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    for (const route of routes) reports.push(await crawl(browser, route));
  } catch (err) {
    setupError = err instanceof Error ? err : new Error(String(err));
  }
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("the built docs site in a browser", () => {
  it("has every page of the sidebar", () => {
    ready();
    for (const route of [
      "/",
      "/architecture/",
      "/quick-start/",
      "/claude-code-setup/",
      "/guides/simulator/",
      "/guides/kubernetes/",
      "/guides/doctor/",
      "/reference/metrics/",
      "/reference/events/",
      "/reference/prices/",
      "/reference/dashboard-panels/",
      "/reference/alerts/",
      "/privacy-security/",
      "/reliability/",
      "/troubleshooting/",
      "/benchmarks/",
      "/faq/",
      "/changelog/",
    ]) {
      expect(routes).toContain(route);
    }
  });

  it("opens every page without console errors or failed requests", () => {
    ready();
    const problems = reports.flatMap((r) => [
      ...r.consoleErrors.map((e) => `${r.route}: console error: ${e}`),
      ...r.failedRequests.map((e) => `${r.route}: failed request: ${e}`),
    ]);
    expect(problems).toEqual([]);
    expect(reports.every((r) => r.title.includes("cc-otel"))).toBe(true);
  });

  it("shows every image, including the architecture diagram", () => {
    ready();
    expect(reports.flatMap((r) => r.brokenImages.map((src) => `${r.route}: ${src}`))).toEqual([]);
    expect(reports.find((r) => r.route === "/architecture/")?.images).toBeGreaterThan(0);
  });

  it("has no broken internal links or anchors", async () => {
    ready();
    const targets = new Map<string, Set<string>>(); // page URL -> pages linking to it
    for (const r of reports) {
      for (const href of r.links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const sources = targets.get(url.href) ?? new Set<string>();
        sources.add(r.route);
        targets.set(url.href, sources);
      }
    }
    expect(targets.size).toBeGreaterThan(routes.length);
    const html = new Map<string, { status: number; body: string }>();
    const broken: string[] = [];
    for (const [href, sources] of targets) {
      const url = new URL(href);
      const hash = decodeURIComponent(url.hash.slice(1));
      url.hash = "";
      let page = html.get(url.href);
      if (!page) {
        const res = await fetch(url.href);
        page = { status: res.status, body: await res.text() };
        html.set(url.href, page);
      }
      const from = [...sources].join(", ");
      if (page.status !== 200) broken.push(`${href} -> HTTP ${page.status} (linked from ${from})`);
      else if (hash && !page.body.includes(`id="${hash}"`))
        broken.push(`${href} -> no #${hash} (linked from ${from})`);
    }
    expect(broken).toEqual([]);
  });

  it("finds pages with the search box", async () => {
    const page = await ready().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${origin}/`, { waitUntil: "networkidle" });
    await page.locator("button[data-open-modal]:not([disabled])").click();
    await page.locator("#starlight__search input").fill("temporality");
    const results = page.locator(".pagefind-ui__result");
    await results.first().waitFor({ timeout: 15_000 });
    expect(await results.count()).toBeGreaterThan(0);
    const firstLink = await results.first().locator("a").first().getAttribute("href");
    expect(firstLink).toBeTruthy();
    expect((await fetch(new URL(firstLink ?? "", origin))).status).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves screenshots of the home page and the quick start", async () => {
    const b = ready();
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = await b.newPage({ viewport: { width: 1280, height: 800 } });
    for (const [route, name] of [
      ["/", "home.png"],
      ["/quick-start/", "quick-start.png"],
    ] as const) {
      await page.goto(origin + route, { waitUntil: "networkidle" });
      const path = join(ARTIFACTS, name);
      await page.screenshot({ path, fullPage: true });
      expect(statSync(path).size).toBeGreaterThan(10_000);
    }
    await page.close();
  });
});
