// Issue #4 acceptance, the live list: servers appear and change by polling alone, idle polls
// cost next to nothing, a change re-renders only its row, filters and pages live in the URL,
// and names are text, never markup. Real dev cloud, no mocks.
import assert from 'node:assert/strict';
import { pageTest, pathOf } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import {
  actionDialog, badge, openList, path, recordNova, recordStatuses, row, rowAction, rowsLocator,
  NOVA, statusesSeen, submitDialog, waitBadge, waitListLoaded, waitRowGone, waitToast, onCleanProject,
} from '../lib/servers.js';
import { sleep, waitUntil } from '../lib/wait.js';

onCleanProject();

const SLOW_POLL_MS = 30e3; // config.json pollSlowSeconds (default)
const IDLE = 'idle'; // 30 servers idle-1 ... idle-30, shared by the tests that need them
// Those tests show only them, whatever else the project holds.
const ONLY_IDLE = `?name=${encodeURIComponent(`^${IDLE}-`)}`;

pageTest('a server created through the API appears without reload, BUILD → ACTIVE by polling; Stop, Start, Reboot, Delete from its menu', async (page, t) => {
  const nova = recordNova(page);
  await openList(page, `?name=${encodeURIComponent('^live-')}`);
  await page.locator('p.empty').waitFor(); // nothing yet
  // A marker that a page reload would lose.
  await page.evaluate(() => { window.__sameDocument = true; });

  // The list is steady, so the poller asks again 30 s after its last answer. BUILD lasts
  // only 1.5-3.5 s with the fake driver: to be sure the poll finds the server building, the
  // test holds that poll's request (unchanged, to the real Nova) until the server exists.
  const name = 'live-1';
  let id, created;
  let held = false;
  let released = false;
  const isPoll = (url) => NOVA.test(String(url)) && String(url).includes('changes-since=');
  await page.route(isPoll, async (route) => {
    if (!held) {
      held = true;
      created = Date.now();
      try {
        ({ id } = await cloud.createServer(name));
        await recordStatuses(page, id);
      } finally {
        await route.continue();
        released = true;
      }
    } else {
      await route.continue();
    }
  });
  await waitUntil(() => released, 'the next poll', SLOW_POLL_MS + 15e3);
  await page.unroute(isPoll);
  await row(page, id).waitFor({ timeout: 45e3 });
  t.diagnostic(`row appeared ${((Date.now() - created) / 1000).toFixed(1)} s after the create call`);
  await waitBadge(page, id, 'ACTIVE', 45e3);
  const seen = await statusesSeen(page, id);
  for (const e of nova.filter((x) => x.at > created - 2e3)) {
    t.diagnostic(`  ${((e.at - created) / 1000).toFixed(1)} s: ${e.method} ${path(e.url)} ${e.status} ${e.body?.match(/"status": "\w+"/g)?.join(' ') ?? ''}`);
  }
  t.diagnostic(`statuses shown: ${seen.join(' → ')}`);
  assert.equal(seen[0], 'BUILD', `the row first showed ${seen[0]}, not BUILD (seen: ${seen.join(' → ')})`);
  assert.equal(seen.at(-1), 'ACTIVE');
  assert.ok(await page.evaluate(() => window.__sameDocument === true), 'the page was not reloaded');
  assert.equal(await row(page, id).locator('td.name a').innerText(), name);
  assert.equal(await badge(page, id).innerText(), 'Active');
  assert.ok((await badge(page, id).getAttribute('title'))?.length > 10, 'the badge explains the status in its title');

  // Stop → SHUTOFF
  await rowAction(page, name, 'Stop');
  await waitToast(page, `Stop requested for "${name}".`);
  await waitBadge(page, id, 'SHUTOFF', 30e3);
  assert.equal((await cloud.getServer(id)).status, 'SHUTOFF');

  // Start → ACTIVE
  await rowAction(page, name, 'Start');
  await waitToast(page, `Start requested for "${name}".`);
  await waitBadge(page, id, 'ACTIVE', 30e3);

  // Reboot → (REBOOT →) ACTIVE, confirmed by Nova's action log
  await recordStatuses(page, id);
  await rowAction(page, name, 'Reboot');
  await waitToast(page, `Reboot requested for "${name}".`);
  await cloud.waitForServer(id, cloud.steady('ACTIVE'), 'rebooted', 30e3);
  await waitBadge(page, id, 'ACTIVE', 30e3);
  t.diagnostic(`statuses shown during the reboot: ${(await statusesSeen(page, id)).join(' → ')}`);
  assert.ok((await cloud.instanceActions(id)).some((a) => a.action === 'reboot'), 'Nova recorded a reboot');

  // Delete (confirm) → the row is gone
  await rowAction(page, name, 'Delete');
  const dialog = await actionDialog(page, 'Delete', name);
  assert.match(await dialog.innerText(), /cannot be undone/);
  await submitDialog(page, dialog, 'Delete', name);
  const deleted = Date.now();
  await waitToast(page, `Delete requested for "${name}".`);
  try {
    await waitRowGone(page, id, 30e3);
  } catch (e) {
    for (const x of nova.filter((x) => x.at > deleted - 1e3)) {
      t.diagnostic(`  ${((x.at - deleted) / 1000).toFixed(1)} s: ${x.method} ${path(x.url)} ${x.status} ${x.body?.match(/"(name|status|OS-EXT-STS:task_state)": "?[\w-]+"?/g)?.join(' ') ?? ''}`);
    }
    throw e;
  }
  await cloud.waitForServer(id, (s) => s === null, 'deleted', 60e3);
  assert.ok(await page.evaluate(() => window.__sameDocument === true), 'the page was not reloaded');
}, { timeout: 240e3 });

pageTest('30 steady servers: over 60 s only a few changes-since polls, each answering {"servers": []}', async (page, t) => {
  await cloud.ensureServers(30, IDLE);
  const nova = recordNova(page);
  await openList(page, ONLY_IDLE);
  assert.equal(await rowsLocator(page).count(), 30);
  // settled: the full load has answered and nothing else is in flight for a second
  await page.waitForLoadState('networkidle');
  await sleep(1e3);
  const loadCalls = nova.length;
  t.diagnostic(`initial load: ${nova.map((e) => `${e.method} ${path(e.url)} ${e.status} ${e.bytes} B`).join('; ')}`);

  const start = Date.now();
  await sleep(60e3);
  const polls = nova.slice(loadCalls).filter((e) => e.at >= start && e.at < start + 60e3);
  await sleep(500); // bodies still being read
  for (const e of polls) t.diagnostic(`+${((e.at - start) / 1000).toFixed(1)} s ${e.method} ${path(e.url)} ${e.status} body ${e.bytes} B, wire ${e.wireBytes} B`);

  const notPolls = polls.filter((e) => e.method !== 'GET' || !/\/servers\/detail\?changes-since=[^&]+$/.test(e.url));
  assert.deepEqual(notPolls.map((e) => `${e.method} ${path(e.url)}`), [], 'every request is a changes-since poll');
  assert.ok(polls.length >= 1, 'the list polled at least once in 60 s');
  assert.ok(polls.length <= 4, `${polls.length} polls in 60 s (the slow interval is 30 s)`);
  for (const e of polls) {
    assert.equal(e.status, 200);
    const changed = JSON.parse(e.body).servers.map((s) => `${s.name} ${s.status} updated ${s.updated}`);
    assert.deepEqual(changed, [], `the idle poll ${path(e.url)} answered servers`);
  }
  const bodyBytes = polls.map((e) => e.bytes);
  const wireBytes = polls.map((e) => e.wireBytes);
  console.log(`idle poll bytes: ${bodyBytes[0]} (body; ${wireBytes[0]} with headers); ${polls.length} Nova requests in 60 s`);
  t.diagnostic(`idle poll bytes: ${bodyBytes.join(', ')}; with headers ${wireBytes.join(', ')}`);
  assert.ok(bodyBytes.every((b) => b <= 20), `idle poll bodies are tiny: ${bodyBytes.join(', ')} B`);
  assert.equal(await rowsLocator(page).count(), 30, 'still 30 rows');
}, { timeout: 300e3 });

pageTest('a status change re-renders only its own row (MutationObserver on the table body)', async (page, t) => {
  const servers = await cloud.ensureServers(30, IDLE);
  await openList(page, ONLY_IDLE);
  assert.equal(await rowsLocator(page).count(), 30);
  await page.waitForLoadState('networkidle');
  const target = servers[6];
  await page.evaluate(() => {
    const tbody = document.querySelector('table.servers tbody');
    window.__mutations = [];
    window.__observer = new MutationObserver((records) => {
      for (const m of records) {
        const node = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
        const tr = node?.closest('tr[data-server-id]');
        window.__mutations.push({
          row: tr ? tr.getAttribute('data-server-id') : null,
          type: m.type,
          what: m.type === 'attributes' ? `${node.tagName}@${m.attributeName}` : (node?.tagName ?? '?'),
        });
      }
    });
    window.__observer.observe(tbody, { subtree: true, attributes: true, childList: true, characterData: true });
  });

  await cloud.serverAction(target.id, { 'os-stop': null });
  await waitBadge(page, target.id, 'SHUTOFF', 45e3);
  await sleep(1e3); // anything the same poll still renders
  const mutations = await page.evaluate(() => { window.__observer.disconnect(); return window.__mutations; });
  t.diagnostic(`${mutations.length} mutations: ${JSON.stringify(mutations.slice(0, 20))}`);
  assert.ok(mutations.length > 0, 'the change was observed');
  const elsewhere = mutations.filter((m) => m.row !== target.id);
  assert.deepEqual(elsewhere, [], `every mutation is inside the row of ${target.name}`);

  // leave the shared servers as the other tests expect them
  await cloud.serverAction(target.id, { 'os-start': null });
  await cloud.waitForServer(target.id, cloud.steady('ACTIVE'), 'started again', 30e3);
}, { timeout: 300e3 });

pageTest('filters and pages are in the URL; a reload reproduces the view; a deleted marker still loads', async (page, t) => {
  const servers = await cloud.ensureServers(30, IDLE);
  const names = async () => rowsLocator(page).locator('td.name a').allInnerTexts();

  // a name filter opened directly
  await openList(page, '?name=idle-1&limit=25');
  const filtered = await names();
  const expected = servers.map((s) => s.name).filter((n) => /idle-1/.test(n));
  assert.deepEqual([...filtered].sort(), [...expected].sort(), 'only the names matching idle-1');
  assert.equal(await page.getByLabel('Name (regular expression)', { exact: true }).inputValue(), 'idle-1');
  assert.equal(await page.getByLabel('Per page', { exact: true }).inputValue(), '25');

  // 25 per page, then the next page
  await page.goto(`/servers${ONLY_IDLE}&limit=25`);
  await waitListLoaded(page);
  const firstPage = await names();
  assert.equal(firstPage.length, 25, '25 rows on the first page');
  const lastOnFirst = await rowsLocator(page).last().getAttribute('data-server-id');
  await page.getByRole('button', { name: 'Next page', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.has('marker'));
  await waitListLoaded(page);
  await page.waitForFunction((n) => document.querySelectorAll('table.servers tbody tr[data-server-id]').length === n, 5);
  const secondPage = await names();
  const url = new URL(page.url());
  t.diagnostic(`second page: ${pathOf(page)}`);
  assert.equal(url.searchParams.get('marker'), lastOnFirst, 'the marker is the last server of the first page');
  assert.equal(url.searchParams.get('limit'), '25');
  assert.deepEqual([...firstPage, ...secondPage].sort(), servers.map((s) => s.name).sort(), 'the two pages hold all 30, once each');
  await page.getByRole('button', { name: 'First page', exact: true }).waitFor();

  // the same URL, reloaded, shows the same rows
  await page.reload();
  await waitListLoaded(page);
  assert.deepEqual(await names(), secondPage, 'reloading the URL reproduces the page');

  // delete the marker server, reload: the list still loads
  await cloud.deleteServer(lastOnFirst);
  await page.reload();
  await waitListLoaded(page);
  const error = page.locator('main [role=alert].error');
  assert.equal(await error.count(), 0, `no error: ${await error.allInnerTexts()}`);
  const notice = page.locator('p.notice');
  const after = await names();
  t.diagnostic(`after deleting the marker: ${after.length} rows; notice: ${(await notice.allInnerTexts()).join(' ') || '(none)'}`);
  if (await notice.count()) {
    assert.match(await notice.innerText(), /starts from the beginning/);
    assert.ok(after.length > 0, 'rows from the first page');
  } else {
    // Nova still finds a deleted server as a marker (it looks it up with read_deleted=yes),
    // so the page simply continues after it.
    assert.deepEqual(after, secondPage, 'the page after the deleted marker');
  }
}, { timeout: 300e3 });

pageTest('a name with markup renders as text: no img element, no script run', async (page) => {
  const name = '<img src=x onerror=alert(1)>';
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  const server = await cloud.createServer(name);
  await cloud.waitForServer(server.id, cloud.steady('ACTIVE'), 'ACTIVE', 60e3);

  await openList(page);
  await row(page, server.id).waitFor();
  const link = row(page, server.id).locator('td.name a');
  assert.equal(await link.evaluate((a) => a.textContent), name);
  assert.equal(await page.locator('table.servers img').count(), 0, 'no img element in the table');
  assert.equal(await page.getByLabel(`Select ${name}`, { exact: true }).count(), 1, 'the checkbox label is the name as text');

  // the name also goes into menus, dialogs and toasts
  await rowAction(page, name, 'Rename');
  const dialog = await actionDialog(page, 'Rename', name);
  assert.equal(await dialog.locator('img').count(), 0, 'no img element in the dialog');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await rowAction(page, name, 'Stop');
  await waitToast(page, `Stop requested for "${name}".`);
  assert.equal(await page.locator('.toasts img').count(), 0, 'no img element in the toasts');
  await waitBadge(page, server.id, 'SHUTOFF', 30e3);
  await sleep(500);
  assert.deepEqual(dialogs, [], 'no alert() ran');
  assert.deepEqual(page.problems.pageErrors, []);
  await cloud.deleteServer(server.id);
}, { timeout: 180e3 });

pageTest('the quick filter matches names in any case, beyond ASCII too', async (page) => {
  const accented = await cloud.createServer('qf-ÜNÏ-Web');
  const plain = await cloud.createServer('qf-db');
  await openList(page, `?name=${encodeURIComponent('^qf-')}`);
  await row(page, accented.id).waitFor();
  await row(page, plain.id).waitFor();
  const shown = async () => (await rowsLocator(page).locator('td.name a').allInnerTexts()).sort();
  const quick = page.getByLabel('Quick filter', { exact: true });

  // the browser lower-cases (its toLowerCase): Ü and Ï match ü and ï
  await quick.fill('ünï-web');
  await waitUntil(async () => (await shown()).join() === 'qf-ÜNÏ-Web', 'only the accented name', 5e3);
  await quick.fill('QF-DB');
  await waitUntil(async () => (await shown()).join() === 'qf-db', 'only qf-db', 5e3);
  await quick.fill('');
  await waitUntil(async () => (await shown()).length === 2, 'both again', 5e3);
  assert.deepEqual(page.problems.pageErrors, []);
  await cloud.deleteServer(accented.id);
  await cloud.deleteServer(plain.id);
}, { timeout: 120e3 });
