// Helpers for the server pages (issue #4): the live list, its row menu and the action dialog,
// a recorder of the panel's Nova traffic, and the few cloud calls cloud.js does not offer
// (server actions, instance actions, Glance images by name) — all against the real dev cloud.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { closeBrowser, login } from './browser.js';
import * as cloud from './cloud.js';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Run a test file on an empty demo project and leave it empty. cleanProject waits (up to
 * 30 min) for the cloud's e2e lock while another run holds it. */
export function onCleanProject() {
  before(cloud.cleanProject, { timeout: 35 * 60e3 });
  after(async () => {
    await closeBrowser();
    await cloud.cleanProject();
  }, { timeout: 300e3 });
}

// ---------------------------------------------------------------- the cloud, beyond cloud.js

let session;
async function demo() {
  if (!session || Date.parse(session.expiresAt) - Date.now() < 10 * 60e3) session = await cloud.token();
  return session;
}

// One call as demo; returns { status, json, text }, never throws on an HTTP status.
async function raw(service, method, path, body, headers = {}) {
  const s = await demo();
  const base = service === 'image' ? `${s.image}/v2` : s.compute;
  const h = { Accept: 'application/json', 'X-Auth-Token': s.token, ...headers };
  if (service === 'compute') h['OpenStack-API-Version'] = 'compute latest';
  if (body !== undefined) h['Content-Type'] ??= 'application/json';
  const res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

// POST /servers/{id}/action with `body` (e.g. { 'os-stop': null }); asserts 2xx.
export async function serverAction(id, body) {
  const r = await raw('compute', 'POST', `/servers/${id}/action`, body);
  assert.ok(r.status >= 200 && r.status < 300, `action ${JSON.stringify(body)} on ${id}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

// The server's instance actions, newest first, each with its events when `withEvents`.
export async function instanceActions(id, { withEvents = false } = {}) {
  const r = await raw('compute', 'GET', `/servers/${id}/os-instance-actions`);
  assert.equal(r.status, 200, r.text);
  const actions = r.json.instanceActions;
  if (withEvents) {
    for (const a of actions) {
      const d = await raw('compute', 'GET', `/servers/${id}/os-instance-actions/${a.request_id}`);
      a.events = d.json?.instanceAction?.events ?? [];
    }
  }
  return actions;
}

export async function findImages(name) {
  const r = await raw('image', 'GET', `/images?name=${encodeURIComponent(name)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.images;
}

export async function deleteImage(id) {
  const r = await raw('image', 'DELETE', `/images/${id}`);
  assert.ok([204, 404].includes(r.status), `DELETE image ${id}: ${r.status} ${r.text}`);
}

// Poll the API until `pred(server)` holds (server is null once it is gone); returns the last
// server seen. Fails on timeout with what the server looked like.
export async function waitForServer(id, pred, what, timeoutMs = 60e3) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await raw('compute', 'GET', `/servers/${id}`);
    const s = r.status === 404 ? null : r.json?.server;
    if (pred(s)) return s;
    if (Date.now() > end) {
      assert.fail(`server ${id}: not ${what} after ${timeoutMs} ms; it is ${s ? `${s.status}/${s['OS-EXT-STS:task_state']}` : 'gone'}`);
    }
    await sleep(300);
  }
}

// Steady in `status`: no task running.
export const steady = (status) => (s) => s?.status === status && !s['OS-EXT-STS:task_state'];

// One ACTIVE m1.nano server from tiny-raw, without networks; waits until Nova is done with it.
export async function activeServer(name) {
  const s = await cloud.createServer(name);
  await waitForServer(s.id, steady('ACTIVE'), 'ACTIVE', 60e3);
  return s;
}

// `n` ACTIVE servers named `${prefix}-1`...`${prefix}-n`, reused when the project already has
// exactly those, steady; otherwise (re)created. Returns them sorted by name.
export async function ensureServers(n, prefix) {
  const re = new RegExp(`^${prefix}-\\d+$`);
  const have = (await cloud.listServers()).filter((s) => re.test(s.name));
  const names = new Set(have.map((s) => s.name));
  if (have.length === n && names.size === n && have.every((s) => steady('ACTIVE')(s))) {
    return have.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  }
  for (const s of have) await cloud.deleteServer(s.id, { wait: false });
  for (const s of have) await waitForServer(s.id, (x) => x === null, 'deleted', 120e3);
  const made = await cloud.createServers(n, prefix);
  // changes-since reaches 5 s back: let the last updates age before a test measures polls
  await sleep(6e3);
  return made;
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
    const seen = (window.__seen[id] = []);
    setInterval(() => {
      const b = document.querySelector(`table.servers tbody tr[data-server-id="${id}"] .badge`);
      const s = b ? b.getAttribute('data-status') : '(none)';
      if (seen[seen.length - 1] !== s) seen.push(s);
    }, 50);
  }, id);
}
export async function statusesSeen(page, id) {
  return (await page.evaluate((id) => window.__seen?.[id] ?? [], id)).filter((s) => s !== '(none)');
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

// Wait until `cond()` (sync or async) is true, checking every 100 ms.
export async function waitUntil(cond, what, timeoutMs = 30e3) {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
