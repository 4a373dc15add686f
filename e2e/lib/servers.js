// Page helpers for the server pages (issue #4): the live list, its row menu and the action
// dialog, and a recorder of the panel's Nova traffic. Calls to the cloud are in cloud.js.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { closeBrowser, login, pageTest } from './browser.js';
import * as cloud from './cloud.js';

/** Run a test file on an empty e2e project and leave it empty. cleanProject waits (up to
 * 30 min) for the cloud's e2e lock while another run holds it. */
export function onCleanProject() {
  before(cloud.cleanProject, { timeout: 35 * 60e3 });
  after(async () => {
    await closeBrowser();
    await cloud.cleanProject();
  }, { timeout: 300e3 });
}

/** A page test with its own ACTIVE server `name`, deleted afterwards whatever happens:
 * fn(page, t, { id, name }). */
export function serverTest(title, name, fn, options = {}) {
  pageTest(title, async (page, t) => {
    const { id } = await cloud.activeServer(name);
    try {
      await fn(page, t, { id, name });
    } finally {
      await cloud.deleteServer(id, { wait: false }).catch((e) => t.diagnostic(`cleanup: ${e.message}`));
    }
  }, { timeout: 180e3, ...options });
}

// ---------------------------------------------------------------- the panel

export const rowsLocator = (page) => page.locator('table.servers tbody tr[data-server-id]');
export const row = (page, id) => page.locator(`table.servers tbody tr[data-server-id="${id}"]`);
export const badge = (page, id) => row(page, id).locator('.badge');
export const toasts = (page) => page.locator('.toast');

// Log in and open /servers (with `query`, e.g. "?name=web"); waits until the view has loaded
// (a table, the empty notice, or an error).
export async function openList(page, query = '') {
  if (!page.url().startsWith('http')) await login(page);
  await page.goto(`/servers${query}`);
  await waitListLoaded(page);
}

export async function waitListLoaded(page, timeout = 20e3) {
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor({ timeout });
  await page.locator('table.servers, p.empty, main [role=alert].error').first().waitFor({ timeout });
}

// Wait until the row's badge says `status` (data-status, Nova's word).
export async function waitBadge(page, id, status, timeout = 45e3) {
  try {
    await row(page, id).locator(`.badge[data-status="${status}"]`).waitFor({ timeout });
  } catch {
    const now = await badge(page, id).getAttribute('data-status', { timeout: 1e3 }).catch(() => '(no row)');
    assert.fail(`the badge of ${id} never showed ${status} within ${timeout} ms; it shows ${now}`);
  }
}

export async function waitRowGone(page, id, timeout = 45e3) {
  try {
    await row(page, id).waitFor({ state: 'detached', timeout });
  } catch {
    assert.fail(`the row of ${id} is still listed after ${timeout} ms`);
  }
}

// Record, in the page, every status the row's badge shows (a 50 ms sampler, so brief states
// are caught); statusesSeen returns them in order, without repeats.
export async function recordStatuses(page, id) {
  await page.evaluate((id) => {
    window.__seen ??= {};
    window.__sample ??= {};
    const seen = (window.__seen[id] = []);
    const sample = (window.__sample[id] = () => {
      const b = document.querySelector(`table.servers tbody tr[data-server-id="${id}"] .badge`);
      const s = b ? b.getAttribute('data-status') : '(none)';
      if (seen[seen.length - 1] !== s) seen.push(s);
    });
    setInterval(sample, 50);
  }, id);
}
// One more sample first: a wait on the badge may return before the next tick records it.
export async function statusesSeen(page, id) {
  const seen = await page.evaluate((id) => (window.__sample?.[id]?.(), window.__seen?.[id] ?? []), id);
  return seen.filter((s) => s !== '(none)');
}

// The row's menu button for `label`, with the menu opened.
export async function menuButton(page, name, label) {
  const summary = page.getByLabel(`Actions for ${name}`, { exact: true });
  const details = page.locator('details.menu').filter({ has: summary });
  if (!(await details.evaluate((d) => d.open))) await summary.click();
  const button = details.locator('.popup').getByRole('button', { name: label, exact: true });
  await button.waitFor();
  return button;
}

// Click `label` in the row menu of server `name`.
export async function rowAction(page, name, label) {
  const button = await menuButton(page, name, label);
  const disabled = await button.isDisabled();
  assert.ok(!disabled, `"${label}" is disabled for ${name}: ${await button.getAttribute('title')}`);
  await button.click();
  await button.waitFor({ state: 'detached', timeout: 2e3 }); // the chosen action closes the menu
}

// The open action dialog for `label` on `name` (title `<label> "<name>"`).
export async function actionDialog(page, label, name) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const title = (await dialog.locator('h2').innerText()).trim();
  assert.equal(title, `${label} "${name}"`, 'dialog title');
  return dialog;
}

// Submit the dialog with its "<label> <name>" button and wait until it closes (or fail with
// the error it shows).
export async function submitDialog(page, dialog, label, name, timeout = 20e3) {
  await dialog.getByRole('button', { name: `${label} ${name}`, exact: true }).click();
  const closed = dialog.waitFor({ state: 'detached', timeout }).then(() => null);
  const alert = dialog.locator('[role=alert]');
  const failed = alert.waitFor({ timeout }).then(() => alert.innerText());
  closed.catch(() => {});
  failed.catch(() => {});
  const error = await Promise.race([closed, failed]);
  if (error !== null) assert.fail(`the ${label} dialog refused: ${error}`);
}

// Wait for a toast containing `text`; returns its text.
export async function waitToast(page, text, timeout = 20e3) {
  const t = toasts(page).filter({ hasText: text }).first();
  try {
    await t.waitFor({ timeout });
  } catch {
    assert.fail(`no toast with ${text}; toasts: ${JSON.stringify(await toasts(page).allInnerTexts())}`);
  }
  return t.innerText();
}

// Every response from Nova the page receives, with its time, size and body.
export const NOVA = /^https?:\/\/[^/]+(:8774|\/compute)\/v2\.1(\/|$)/;
export function recordNova(page) {
  const log = [];
  page.on('response', async (r) => {
    if (!NOVA.test(r.url())) return;
    const entry = { at: Date.now(), method: r.request().method(), url: r.url(), status: r.status(), body: null, bytes: 0 };
    log.push(entry);
    try {
      const body = await r.body();
      entry.bytes = body.length;
      entry.body = body.toString('utf8');
      const sizes = await r.request().sizes();
      entry.wireBytes = sizes.responseBodySize + sizes.responseHeadersSize;
      entry.headerBytes = sizes.responseHeadersSize;
    } catch { /* the page went away */ }
  });
  return log;
}
export const path = (url) => url.replace(NOVA, '/');
