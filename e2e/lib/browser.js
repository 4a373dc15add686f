// Debian's Chromium driven by playwright-core (never `playwright install`: no browser download).
// The panel under test is at NEPHELE_URL: http://127.0.0.1:8089 (nginx, CORS mode, default) or
// http://127.0.0.1:8081 (nginx, same-origin mode); scripts/test runs the suite once for each.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ACCOUNT } from './cloud.js';

export const BASE_URL = (process.env.NEPHELE_URL ?? 'http://127.0.0.1:8089').replace(/\/$/, '');
// Screenshot names start with the mode, so the two runs do not overwrite each other.
const MODE = process.env.E2E_MODE ?? `port${new URL(BASE_URL).port}`;
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const TIMEOUT = 15e3;

// Without the background-networking flags Chromium keeps trying to reach Google hosts, which
// this machine cannot reach.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run'];

let browser;
export async function getBrowser() {
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  return browser;
}
export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

// A page in a fresh context (empty sessionStorage, no cookies), with relative URLs resolved
// against BASE_URL. page.problems collects what a healthy page never produces: console errors,
// uncaught exceptions, CSP violations, requests that failed at the network level, 5xx answers.
export async function newPage() {
  const context = await (await getBrowser()).newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = { consoleErrors: [], pageErrors: [], cspViolations: [], failedRequests: [] };
  page.problems = problems;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(`${m.text()} (${m.location().url || 'no url'})`);
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    // ERR_ABORTED: cancelled on purpose (AbortController, navigation, closing the page)
    if (error !== 'net::ERR_ABORTED') problems.failedRequests.push(`${r.method()} ${r.url()}: ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.failedRequests.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  // Chromium also logs CSP violations to the console; the event gives the directive and URL.
  await context.exposeFunction('__nepheleCsp', (v) => problems.cspViolations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__nepheleCsp(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return page;
}

// Everything page.problems recorded, as one printable list (empty: nothing went wrong).
export function problemList(page) {
  const p = page.problems;
  return [
    ...p.consoleErrors.map((m) => `console error: ${m}`),
    ...p.pageErrors.map((m) => `page error: ${m}`),
    ...p.cspViolations.map((m) => `CSP violation: ${m}`),
    ...p.failedRequests.map((m) => `failed request: ${m}`),
  ];
}

// What a healthy page never produces, whatever a test does to the cloud: console errors,
// uncaught errors, CSP violations. Not counted: the browser's own network log ("Failed to
// load resource: ..."), which every refused or failed request writes to the console, and
// tests of error paths provoke on purpose (those requests are in problems.failedRequests).
export function pageFaults(page) {
  const p = page.problems;
  return [
    ...p.consoleErrors.filter((m) => !m.startsWith('Failed to load resource:')).map((m) => `console error: ${m}`),
    ...p.pageErrors.map((m) => `page error: ${m}`),
    ...p.cspViolations.map((m) => `CSP violation: ${m}`),
  ];
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = `${ARTIFACTS}${MODE}-${name.replace(/[^\w.-]+/g, '_').slice(0, 100)}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// test() with a fresh page: screenshot on failure (and always with SCREENSHOTS=1), plus the
// page's URL and recorded problems as diagnostics; the context is closed afterwards. A test
// whose page logged a console error, threw, or broke the CSP fails (see pageFaults).
export function pageTest(name, fn, options = {}) {
  test(name, { timeout: 120e3, ...options }, async (t) => {
    const page = await newPage();
    const record = async (prefix, report) => {
      const shot = await screenshot(page, `${prefix}-${name}`).catch((err) => `(no screenshot: ${err.message})`);
      for (const line of [`url: ${page.url()}`, `screenshot: ${shot}`, ...problemList(page)]) report(line);
    };
    // On a timeout node:test aborts t.signal but cannot stop fn: record the page as it is
    // now (the report is over, hence stderr) and close it, so fn's pending calls end.
    const onTimeout = async () => {
      await record('TIMEOUT', (line) => console.error(`# ${name}: ${line}`));
      await page.context().close().catch(() => {});
    };
    t.signal.addEventListener('abort', onTimeout, { once: true });
    try {
      await fn(page, t);
      assert.deepEqual(pageFaults(page), [], 'console errors, uncaught errors or CSP violations on the page');
      if (process.env.SCREENSHOTS === '1') await screenshot(page, name);
    } catch (e) {
      if (!t.signal.aborted) await record('FAILED', (line) => t.diagnostic(line));
      throw e;
    } finally {
      t.signal.removeEventListener('abort', onTimeout);
      await page.context().close().catch(() => {});
    }
  });
}

// Wait until some element matched by `locator` contains `text` (string or RegExp); on timeout,
// fail with what those elements do say.
export async function expectText(locator, text, timeout = TIMEOUT) {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ timeout });
  } catch {
    const found = await locator.allInnerTexts().catch(() => []);
    assert.fail(`expected ${locator} to contain ${text}; found ${JSON.stringify(found)}`);
  }
}

// The panel's path (with query), e.g. "/login?next=%2Flimits".
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

// The login form (UI contract): labelled inputs "User name", "Password", "User domain",
// "Project", "Project domain"; radio group "Log in with" (Password | Application credential);
// button "Log in". Opens /login unless the page is already there (e.g. after a redirect).
// With wait (default), waits until the panel has left /login.
export async function login(page, creds = {}, { wait = true } = {}) {
  const { user = ACCOUNT.user, password = ACCOUNT.password, project = ACCOUNT.project,
    userDomain, projectDomain, appCredId, appCredSecret } = creds;
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  const method = page.getByRole('radio', { name: appCredId ? 'Application credential' : 'Password', exact: true });
  if (await method.count()) await method.check();
  if (appCredId) {
    await page.getByLabel('Application credential ID', { exact: true }).fill(appCredId);
    await page.getByLabel('Application credential secret', { exact: true }).fill(appCredSecret);
  } else {
    await page.getByLabel('User name', { exact: true }).fill(user);
    // the radio "Password" has the same label as the input
    await page.getByLabel('Password', { exact: true }).and(page.locator('input[type=password]')).fill(password);
    if (userDomain !== undefined) await page.getByLabel('User domain', { exact: true }).fill(userDomain);
    await page.getByLabel('Project', { exact: true }).fill(project);
    if (projectDomain !== undefined) await page.getByLabel('Project domain', { exact: true }).fill(projectDomain);
  }
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  if (!wait) return;
  // whichever comes first: the panel leaves /login, or it shows an error
  const alert = page.getByRole('alert').filter({ hasText: /\S/ }).first();
  const left = page.waitForURL((u) => u.pathname !== '/login').then(() => null);
  const refused = alert.waitFor().then(() => alert.innerText());
  left.catch(() => {});
  refused.catch(() => {});
  const message = await Promise.race([left, refused]);
  if (message !== null) assert.fail(`login as ${user} refused: ${message}`);
}

// The stored session (sessionStorage "nephele.session", JSON), or null.
export async function storedSession(page) {
  const raw = await page.evaluate(() => sessionStorage.getItem('nephele.session'));
  return raw === null ? null : JSON.parse(raw);
}
