// What every browser test shares: where the API is, where screenshots go, and a phone-sized
// page in Debian's Chromium (never a downloaded browser; the flags keep it off the network).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const BASE = process.env.PULSE_BASE_URL ?? "http://127.0.0.1:8000";
export const USER = process.env.PULSE_E2E_USER ?? `lifter_${Date.now()}`;
export const PASSWORD = process.env.PULSE_E2E_PASSWORD ?? "correct-horse-battery";
export const ARTIFACTS = process.env.ARTIFACTS ?? new URL("../test-artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export const step = (text) => console.log(`· ${text}`);

/** Chromium with one phone-sized page; `shot(name)` saves a full-page screenshot and `errors`
 * collects the page's uncaught errors (a script ends by asserting there were none). */
export async function launchPhone() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  const errors = [];
  page.on("pageerror", (error) => {
    console.error("page error:", error);
    errors.push(error);
  });
  return { browser, context, page, shot, errors };
}

/** Log in as USER through the app's form; the bearer token the app stored. */
export async function logIn(page) {
  step("log in on the phone");
  await page.goto(BASE);
  await page.getByRole("heading", { name: "Log in" }).waitFor();
  await page.getByLabel("Email or username").fill(USER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByText(`Hi ${USER}`).waitFor();
  return page.evaluate(() => localStorage.getItem("pulse.token"));
}

/** Call the API from Node (not the app): the parsed answer; asserts the status is in `expect`. */
export async function call(method, path, { token, json, form, expect = [200] } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let body;
  if (json !== undefined) [headers["Content-Type"], body] = ["application/json", JSON.stringify(json)];
  if (form !== undefined) body = form instanceof FormData ? form : new URLSearchParams(form);
  const response = await fetch(new URL(path, BASE), { method, headers, body });
  const text = await response.text();
  assert.ok(expect.includes(response.status), `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
