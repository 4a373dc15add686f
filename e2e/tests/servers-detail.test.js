// Issue #4 acceptance, the server detail page /servers/<id>: heading and live badge, the
// actions bar (same buttons as the row menu), the tabs "Overview", "Console log" and
// "Action log", and what happens when the server goes away. Real dev cloud.
import assert from 'node:assert/strict';
import { expectText, pageTest } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import {
  actionDialog, openList, row, serverTest as detailTest, submitDialog, waitToast, onCleanProject,
} from '../lib/servers.js';

onCleanProject();

const bar = (page) => page.getByRole('group', { name: 'Server actions', exact: true });
const headBadge = (page) => page.locator('.detail-head .badge');

async function waitHeadStatus(page, status, timeout = 45e3) {
  try {
    await page.locator(`.detail-head .badge[data-status="${status}"]`).waitFor({ timeout });
  } catch {
    const now = await headBadge(page).getAttribute('data-status', { timeout: 1e3 }).catch(() => '(no badge)');
    assert.fail(`the detail badge never showed ${status} within ${timeout} ms; it shows ${now}`);
  }
}

// Open the server from the list by its link; waits for its heading.
async function openDetail(page, id, name) {
  await openList(page, `?name=${encodeURIComponent(`^${name}$`)}`);
  await row(page, id).locator('td.name a').click();
  await page.waitForURL((u) => u.pathname === `/servers/${id}`);
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

detailTest('the list links to the detail page: heading, badge, actions bar, three tabs', 'det-view', async (page, t, s) => {
  await openDetail(page, s.id, s.name);
  await waitHeadStatus(page, 'ACTIVE', 10e3);
  for (const label of ['Start', 'Stop', 'Reboot', 'Hard reboot', 'Pause', 'Suspend', 'Shelve', 'Lock', 'Rescue',
    'Resize', 'Rebuild', 'Create snapshot', 'Rename', 'Change access IPs', 'Change password', 'Delete']) {
    await bar(page).getByRole('button', { name: label, exact: true }).waitFor();
  }
  assert.ok(await bar(page).getByRole('button', { name: 'Start', exact: true }).isDisabled(), 'Start is disabled while ACTIVE');
  for (const tab of ['Overview', 'Console log', 'Action log']) {
    await page.getByRole('tab', { name: tab, exact: true }).waitFor();
  }
  assert.equal(await page.getByRole('tab', { name: 'Overview', exact: true }).getAttribute('aria-selected'), 'true');
  await expectText(page.locator('#detail-panel'), s.id);
});

detailTest('actions bar: Stop then Start; the badge follows by polling', 'det-power', async (page, t, s) => {
  await openDetail(page, s.id, s.name);
  await bar(page).getByRole('button', { name: 'Stop', exact: true }).click();
  await waitToast(page, `Stop requested for "${s.name}".`);
  await waitHeadStatus(page, 'SHUTOFF', 30e3);
  await bar(page).getByRole('button', { name: 'Start', exact: true }).click();
  await waitToast(page, `Start requested for "${s.name}".`);
  await waitHeadStatus(page, 'ACTIVE', 30e3);
  await cloud.waitForServer(s.id, cloud.steady('ACTIVE'), 'ACTIVE', 30e3);
});

detailTest('a change made elsewhere (API stop) reaches the open detail page by polling', 'det-poll', async (page, t, s) => {
  await openDetail(page, s.id, s.name);
  await waitHeadStatus(page, 'ACTIVE', 10e3);
  await cloud.serverAction(s.id, { 'os-stop': null });
  await waitHeadStatus(page, 'SHUTOFF', 45e3);
});

detailTest('Console log tab shows the fake driver\'s console output', 'det-console', async (page, t, s) => {
  await openDetail(page, s.id, s.name);
  await page.getByRole('tab', { name: 'Console log', exact: true }).click();
  const panel = page.locator('#detail-panel');
  await panel.getByRole('heading', { name: 'Console log' }).waitFor();
  const load = panel.getByRole('button', { name: 'Load', exact: true });
  if (await load.count()) await load.click();
  await expectText(panel, 'FAKE CONSOLE OUTPUT', 20e3);
});

detailTest('Action log tab lists what was done to the server', 'det-log', async (page, t, s) => {
  await cloud.serverAction(s.id, { 'os-stop': null });
  await cloud.waitForServer(s.id, cloud.steady('SHUTOFF'), 'SHUTOFF', 30e3);
  await openDetail(page, s.id, s.name);
  await page.getByRole('tab', { name: 'Action log', exact: true }).click();
  const table = page.locator('#detail-panel table');
  await table.waitFor({ timeout: 20e3 });
  const text = await table.innerText();
  t.diagnostic(text.replace(/\s+/g, ' ').slice(0, 300));
  assert.match(text, /create/i);
  assert.match(text, /stop/i);
});

detailTest('Delete from the detail page: it says the server no longer exists', 'det-delete', async (page, t, s) => {
  await openDetail(page, s.id, s.name);
  await bar(page).getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = await actionDialog(page, 'Delete', s.name);
  await submitDialog(page, dialog, 'Delete', s.name);
  await waitToast(page, `Delete requested for "${s.name}".`);
  await cloud.waitForServer(s.id, (x) => x === null, 'deleted', 60e3);
  await expectText(page.locator('main [role=alert]'), 'no longer exists', 45e3);
});

pageTest('a name with markup renders as text on the detail page', async (page, t) => {
  const name = '<img src=x onerror=alert(1)>';
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  const { id } = await cloud.activeServer(name);
  try {
    await openList(page);
    await row(page, id).locator('td.name a').click();
    await page.waitForURL((u) => u.pathname === `/servers/${id}`);
    const h1 = page.getByRole('heading', { level: 1 });
    await h1.filter({ hasText: name }).waitFor();
    assert.equal(await h1.evaluate((e) => e.textContent), name);
    assert.equal(await page.locator('main img').count(), 0, 'no img element on the detail page');
    for (const tab of ['Console log', 'Action log', 'Overview']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.waitForTimeout(500);
      assert.equal(await page.locator('main img').count(), 0, `no img element in the ${tab} tab`);
    }
    assert.deepEqual(dialogs, [], 'no alert() ran');
  } finally {
    await cloud.deleteServer(id, { wait: false });
  }
});

pageTest('a link to a server that does not exist says so', async (page) => {
  await openList(page);
  await page.goto('/servers/00000000-0000-4000-8000-000000000000');
  await expectText(page.locator('main [role=alert]'), 'no longer exists', 20e3);
});
