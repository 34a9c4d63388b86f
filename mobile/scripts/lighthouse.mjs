// Lighthouse at its default (mobile) settings on the built app as the API serves it, plus the
// installability checks Chromium itself makes (Lighthouse 12 dropped its PWA category).
// Writes test-artifacts/lighthouse.html and lighthouse-summary.json; prints a Markdown section.
//
// Env: PULSE_PYTHON (the venv's python), CHROME_PATH, DATABASE_URL (never queried by the
// login screen measured here; defaults to the local server).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";

const MOBILE = fileURLToPath(new URL("..", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = `${MOBILE}test-artifacts`;
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
mkdirSync(ARTIFACTS, { recursive: true });

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const api = spawn(
  process.env.PULSE_PYTHON ?? `${REPO}.venv/bin/python`,
  ["-m", "uvicorn", "tests.e2e.mobile_server:create", "--factory", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"],
  { cwd: REPO, stdio: "inherit", env: { ...process.env, DEBUG: "true", DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" } },
);

try {
  for (let i = 0; ; i++) {
    const ok = await fetch(base, { headers: { Accept: "text/html" } }).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 100) throw new Error("the API did not start");
    await new Promise((r) => setTimeout(r, 200));
  }

  // Lighthouse (default config = a mid-range phone on a throttled 4G connection).
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  let lhr;
  try {
    const result = await lighthouse(`${base}/`, { port: chrome.port, output: "html", logLevel: "error" });
    lhr = result.lhr;
    writeFileSync(`${ARTIFACTS}/lighthouse.html`, result.report);
  } finally {
    await chrome.kill();
  }
  const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
  const metrics = Object.fromEntries(
    ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"].map((id) => [id, lhr.audits[id]?.displayValue]),
  );
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
    .map((a) => `${a.id} (${a.score})`);

  // Installability, as Chromium decides it (the same check that offers "Install app").
  // A persistent profile: Chromium never offers to install from an incognito-like context.
  const profile = mkdtempSync(join(tmpdir(), "pulse-lh-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME,
    args: FLAGS.filter((f) => !f.startsWith("--headless")),
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  const install = {};
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(base);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // now controlled by the service worker
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    const { errors: manifestErrors, url: manifestUrl } = await cdp.send("Page.getAppManifest");
    install.installabilityErrors = installabilityErrors.map((e) => e.errorId);
    install.manifestErrors = manifestErrors.map((e) => e.message);
    install.manifest = manifestUrl;
    install.serviceWorkerControlsPage = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
    await context.setOffline(true);
    await page.reload();
    install.opensOffline = await page.getByRole("button", { name: "Log in" }).isVisible();
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const summary = { url: base, lighthouse: lhr.lighthouseVersion, chrome: lhr.environment.hostUserAgent, fetchTime: lhr.fetchTime, scores, metrics, failing, install };
  writeFileSync(`${ARTIFACTS}/lighthouse-summary.json`, JSON.stringify(summary, null, 2));
  const yes = (b) => (b ? "yes" : "no");
  console.log(
    [
      `| performance | accessibility | best practices | SEO |`,
      `|---|---|---|---|`,
      `| ${scores.performance} | ${scores.accessibility} | ${scores["best-practices"]} | ${scores.seo} |`,
      ``,
      `Metrics: FCP ${metrics["first-contentful-paint"]}, LCP ${metrics["largest-contentful-paint"]}, TBT ${metrics["total-blocking-time"]}, CLS ${metrics["cumulative-layout-shift"]}.`,
      `Audits under 0.9: ${failing.join(", ") || "none"}.`,
      `Installable (Chromium's own check, Page.getInstallabilityErrors): ${install.installabilityErrors.length ? install.installabilityErrors.join(", ") : "no errors"}; manifest errors: ${install.manifestErrors.length || "none"};`,
      `service worker controls the page: ${yes(install.serviceWorkerControlsPage)}; opens offline: ${yes(install.opensOffline)}.`,
    ].join("\n"),
  );
  if (install.installabilityErrors.length || !install.opensOffline) process.exitCode = 1;
} finally {
  api.kill();
}
