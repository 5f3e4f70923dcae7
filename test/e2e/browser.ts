/**
 * Browser harness for the end-to-end tests: Debian's Chromium driven by playwright-core, one browser per test
 * file and one context per user. Also: screenshots to test/artifacts/, axe-core injected from its npm package,
 * a TOTP generator, and hooks that record any script an XSS payload might have run.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { STRONG_PASSWORD } from "../api.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "test/artifacts");

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own cookies and storage): one per simulated person. */
  newUser(opts?: { mobile?: boolean; serviceWorkers?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * `args`: extra Chromium switches for one test file, e.g. the calls test's fake camera and microphone
 * (`--use-fake-device-for-media-stream --use-fake-ui-for-media-stream`).
 */
export async function launch(baseURL: string, opts: { args?: string[] } = {}): Promise<TestBrowser> {
  // chromium.launch() gives the browser a fresh temporary profile of its own (a user-data dir it deletes on close).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
      ...(opts.args ?? []),
    ],
  });
  return {
    browser,
    async newUser(opts = {}) {
      const context = await browser.newContext({
        baseURL,
        viewport: opts.mobile ? { width: 390, height: 780 } : { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        isMobile: opts.mobile ?? false,
        hasTouch: opts.mobile ?? false,
        // No transitions: screenshots show settled colours and positions (the app honours reduced motion).
        reducedMotion: "reduce",
        // Service workers would cache across reloads inside one test; the offline test opts back in itself.
        serviceWorkers: opts.serviceWorkers ? "allow" : "block",
      });
      await context.addInitScript(RECORD_SCRIPTS);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return { context, page };
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * Runs before any page script: any alert/confirm/prompt, or a call to the global `__xss` hook, is recorded in
 * window.__xssHits, so a test can prove that no payload executed.
 */
const RECORD_SCRIPTS = `
  window.__xssHits = [];
  for (const name of ["alert", "confirm", "prompt"]) {
    const orig = window[name];
    window[name] = function (...args) { window.__xssHits.push(name + ":" + String(args[0])); return name === "confirm" ? false : undefined; };
  }
  window.__xss = (tag) => window.__xssHits.push("hook:" + tag);
`;

export async function xssHits(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Transitions run to their end first: a switch caught mid-slide looks broken in the picture though it is not.
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), animations: "disabled" });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe-core in the page (shadow roots included) and returns the serious and critical violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await a.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A readable summary for an assertion message. */
export function describeViolations(v: AxeViolation[]): string {
  return v.map((x) => `${x.impact} ${x.id}: ${x.help}\n${x.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.html}\n    ${n.failureSummary ?? ""}`).join("\n")}`).join("\n");
}

/** RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret, as an authenticator app would show it. */
export function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const h = crypto.createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/** Registers through the form and gets past the recovery-code screen; returns the recovery code shown. */
export async function registerViaUi(page: Page, username: string, opts: { displayName?: string; invite?: string; password?: string } = {}): Promise<string> {
  await page.goto(opts.invite ? `/register?invite=${encodeURIComponent(opts.invite)}` : "/register");
  await page.getByLabel("Username").fill(username);
  if (opts.displayName) await page.getByLabel(/Display name/).fill(opts.displayName);
  await page.getByLabel("Password", { exact: true }).fill(opts.password ?? STRONG_PASSWORD);
  await page.getByLabel("Confirm password").fill(opts.password ?? STRONG_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  const code = (await page.getByTestId("recovery-code").innerText()).trim();
  await page.getByLabel(/I have saved my recovery code/).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/register"));
  return code;
}

export async function loginViaUi(page: Page, username: string, password = STRONG_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}
