// Issue #4 acceptance, server actions: each action once from the list's row menu (with its
// dialog where it has one), checked against Nova; and an action Nova refuses shows Nova's
// reason. Each test boots its own m1.nano server and deletes it afterwards. Real dev cloud.
import assert from 'node:assert/strict';
import * as cloud from '../lib/cloud.js';
import {
  actionDialog, badge, menuButton, openList, recordStatuses, row, rowAction, serverTest as withServer,
  statusesSeen, submitDialog, toasts, waitBadge, waitRowGone, waitToast, onCleanProject,
} from '../lib/servers.js';
import { sleep } from '../lib/wait.js';

onCleanProject();

// A test with its own ACTIVE server `name`, shown alone in the list (name filter).
function serverTest(title, name, fn, options) {
  withServer(title, name, async (page, t, s) => {
    await openList(page, `?name=${encodeURIComponent(`^${name}`)}`);
    await waitBadge(page, s.id, 'ACTIVE', 15e3);
    await fn(page, t, s);
  }, options);
}

// Nova's instance actions for the server, as names (newest first).
const actionNames = async (id) => (await cloud.instanceActions(id)).map((a) => a.action);

// A bare action from the row menu: toast, Nova steady in `status`, the badge follows.
async function simple(page, { id, name }, label, status) {
  await recordStatuses(page, id);
  await rowAction(page, name, label);
  await waitToast(page, `${label} requested for "${name}".`);
  await cloud.waitForServer(id, cloud.steady(status), status, 60e3);
  await waitBadge(page, id, status, 30e3);
  return statusesSeen(page, id);
}

// An action through its dialog (`fill` fills the fields), then as `simple`.
async function viaDialog(page, { id, name }, label, status, fill = async () => {}) {
  await recordStatuses(page, id);
  await rowAction(page, name, label);
  const dialog = await actionDialog(page, label, name);
  await fill(dialog);
  await submitDialog(page, dialog, label, name);
  await waitToast(page, `${label} requested for "${name}".`);
  if (status) {
    await cloud.waitForServer(id, cloud.steady(status), status, 60e3);
    await waitBadge(page, id, status, 30e3);
  }
  return { dialog, seen: await statusesSeen(page, id) };
}

serverTest('Reboot, then Hard reboot (confirmed)', 'act-reboot', async (page, t, s) => {
  const seen = await simple(page, s, 'Reboot', 'ACTIVE');
  t.diagnostic(`reboot: ${seen.join(' → ')}`);
  await cloud.waitForServer(s.id, cloud.steady('ACTIVE'), 'ACTIVE', 30e3);
  const hard = await viaDialog(page, s, 'Hard reboot', 'ACTIVE');
  t.diagnostic(`hard reboot: ${hard.seen.join(' → ')}`);
  const actions = await actionNames(s.id);
  assert.equal(actions.filter((a) => a === 'reboot').length, 2, `two reboots in Nova's log: ${actions}`);
});

serverTest('Stop, then Start; each refused action is greyed with the reason; the menu closes on Escape or a press outside', 'act-power', async (page, t, s) => {
  const start = await menuButton(page, s.name, 'Start');
  assert.ok(await start.isDisabled(), 'Start is disabled while ACTIVE');
  assert.match(await start.getAttribute('title'), /shut off/);
  // The open menu closes on Escape, and on a press anywhere else.
  await page.keyboard.press('Escape');
  await start.waitFor({ state: 'detached', timeout: 2e3 });
  await menuButton(page, s.name, 'Start');
  await page.getByRole('heading', { level: 1, name: 'Servers' }).click();
  await start.waitFor({ state: 'detached', timeout: 2e3 });
  await simple(page, s, 'Stop', 'SHUTOFF');
  const stop = await menuButton(page, s.name, 'Stop');
  await page.waitForFunction((b) => b.disabled, await stop.elementHandle());
  assert.match(await stop.getAttribute('title'), /it is shut off/);
  assert.equal(await row(page, s.id).locator('td.col-power').innerText(), 'Shut down');
  await simple(page, s, 'Start', 'ACTIVE');
  assert.deepEqual((await actionNames(s.id)).slice(0, 2), ['start', 'stop']);
});

serverTest('Pause, then Unpause', 'act-pause', async (page, t, s) => {
  await simple(page, s, 'Pause', 'PAUSED');
  assert.equal(await badge(page, s.id).innerText(), 'Paused');
  await simple(page, s, 'Unpause', 'ACTIVE');
});

serverTest('Suspend, then Resume', 'act-suspend', async (page, t, s) => {
  await simple(page, s, 'Suspend', 'SUSPENDED');
  await simple(page, s, 'Resume', 'ACTIVE');
});

serverTest('Lock with a reason, then Unlock', 'act-lock', async (page, t, s) => {
  const reason = 'maintenance window 42';
  await viaDialog(page, s, 'Lock', null, async (dialog) => {
    await dialog.getByLabel('Reason (optional)', { exact: true }).fill(reason);
  });
  const locked = await cloud.waitForServer(s.id, (x) => x?.locked === true, 'locked', 30e3);
  assert.equal(locked.locked_reason, reason);
  const cell = row(page, s.id).locator('td.col-locked .lock');
  await cell.waitFor({ timeout: 30e3 });
  assert.equal(await cell.getAttribute('title'), reason);
  // a locked server refuses changes: the menu says why
  const stop = await menuButton(page, s.name, 'Stop');
  await page.waitForFunction((b) => b.disabled, await stop.elementHandle());
  assert.match(await stop.getAttribute('title'), new RegExp(`locked \\(${reason}\\)`));

  await rowAction(page, s.name, 'Unlock');
  await waitToast(page, `Unlock requested for "${s.name}".`);
  await cloud.waitForServer(s.id, (x) => x?.locked === false, 'unlocked', 30e3);
  await cell.waitFor({ state: 'detached', timeout: 30e3 });
});

serverTest('Shelve (confirmed), then Unshelve', 'act-shelve', async (page, t, s) => {
  const { seen } = await viaDialog(page, s, 'Shelve', 'SHELVED_OFFLOADED');
  t.diagnostic(`shelve: ${seen.join(' → ')}`);
  await simple(page, s, 'Unshelve', 'ACTIVE');
});

serverTest('Rescue (no password), then Unrescue', 'act-rescue', async (page, t, s) => {
  await viaDialog(page, s, 'Rescue', 'RESCUE', async (dialog) => {
    await dialog.getByLabel('Rescue password (optional)', { exact: true }).waitFor();
  });
  assert.equal(await badge(page, s.id).innerText(), 'Rescue mode');
  await simple(page, s, 'Unrescue', 'ACTIVE');
});

serverTest('Rename', 'act-rename', async (page, t, s) => {
  const newName = 'act-rename-done';
  await rowAction(page, s.name, 'Rename');
  const dialog = await actionDialog(page, 'Rename', s.name);
  const field = dialog.getByLabel('New name', { exact: true });
  assert.equal(await field.inputValue(), s.name, 'the field starts with the current name');
  await field.fill(newName);
  await submitDialog(page, dialog, 'Rename', s.name);
  await waitToast(page, `Renamed to "${newName}".`);
  await cloud.waitForServer(s.id, (x) => x?.name === newName, 'renamed', 30e3);
  await row(page, s.id).locator('td.name a', { hasText: newName }).waitFor({ timeout: 30e3 });
  await page.getByLabel(`Actions for ${newName}`, { exact: true }).waitFor();
});

serverTest('Change access IPs: a bad address is refused in the dialog, a good one is saved', 'act-ips', async (page, t, s) => {
  await rowAction(page, s.name, 'Change access IPs');
  const dialog = await actionDialog(page, 'Change access IPs', s.name);
  const v4 = dialog.getByLabel('Access IPv4', { exact: true });
  const v6 = dialog.getByLabel('Access IPv6', { exact: true });
  await v4.fill('300.1.1.1');
  await v6.fill('2001:db8::7');
  await dialog.getByRole('button', { name: `Change access IPs ${s.name}`, exact: true }).click();
  await dialog.locator('[role=alert]').filter({ hasText: '"300.1.1.1" is not an IPv4 address.' }).waitFor();
  assert.equal(await v4.inputValue(), '300.1.1.1', 'the dialog stays open with the input kept');
  assert.equal(await v6.inputValue(), '2001:db8::7');
  await v4.fill('192.0.2.7');
  await submitDialog(page, dialog, 'Change access IPs', s.name);
  await waitToast(page, `Change access IPs requested for "${s.name}".`);
  const after = await cloud.waitForServer(s.id, (x) => x?.accessIPv4 === '192.0.2.7', 'given its access IPv4', 30e3);
  assert.equal(after.accessIPv6, '2001:db8::7');
});

serverTest('Change password', 'act-password', async (page, t, s) => {
  await viaDialog(page, s, 'Change password', null, async (dialog) => {
    const field = dialog.getByLabel('New administrator password', { exact: true });
    assert.equal(await field.getAttribute('type'), 'password');
    await field.fill('Sup3r-secret-pass');
  });
  await cloud.waitForServer(s.id, cloud.steady('ACTIVE'), 'ACTIVE', 30e3);
  assert.ok((await actionNames(s.id)).includes('changePassword'), 'Nova recorded changePassword');
  const drafts = await page.evaluate(() => JSON.stringify(sessionStorage));
  assert.ok(!drafts.includes('Sup3r-secret-pass'), 'the password is not kept in a draft');
});

serverTest('Rebuild from tiny-raw (confirmed)', 'act-rebuild', async (page, t, s) => {
  const { seen } = await viaDialog(page, s, 'Rebuild', 'ACTIVE', async (dialog) => {
    const image = dialog.getByLabel('Image', { exact: true });
    await image.waitFor();
    await image.selectOption({ label: 'tiny-raw' });
    assert.equal(await dialog.getByLabel('Name', { exact: true }).inputValue(), s.name);
    assert.match(await dialog.innerText(), /replaced by the image/);
  });
  t.diagnostic(`rebuild: ${seen.join(' → ')}`);
  assert.ok((await actionNames(s.id)).includes('rebuild'), 'Nova recorded a rebuild');
});

// Resize to m1.tiny through the dialog, until Nova asks to confirm or revert (the dev cloud
// allows a resize onto its one compute host), and the badge says so: VERIFY_RESIZE.
async function resize(page, s) {
  await viaDialog(page, s, 'Resize', null, async (dialog) => {
    const flavor = dialog.getByLabel('New flavor', { exact: true });
    await flavor.waitFor();
    const label = (await flavor.locator('option').allInnerTexts()).find((o) => o.startsWith('m1.tiny '));
    assert.ok(label, 'm1.tiny is offered');
    await flavor.selectOption({ label });
  });
  const after = await cloud.waitForServer(s.id, (x) => x && !x['OS-EXT-STS:task_state']
    && ['VERIFY_RESIZE', 'ACTIVE', 'ERROR'].includes(x.status), 'done resizing', 90e3);
  if (after.status !== 'VERIFY_RESIZE') {
    const r = (await cloud.instanceActions(s.id, { withEvents: true })).find((a) => a.action === 'resize');
    const events = (r?.events ?? []).map((e) => `${e.event}: ${e.result}`).join(', ');
    assert.fail(`the resize ended in ${after.status} on ${after.flavor.original_name}, not VERIFY_RESIZE `
      + `(action log: ${r?.message ?? 'no message'}; events: ${events || 'none'}; see nova-conductor.log)`);
  }
  await waitBadge(page, s.id, 'VERIFY_RESIZE', 30e3);
}

serverTest('Resize to m1.tiny, then Confirm resize', 'act-resize-ok', async (page, t, s) => {
  await resize(page, s);
  await simple(page, s, 'Confirm resize', 'ACTIVE');
  assert.equal((await cloud.getServer(s.id)).flavor.original_name, 'm1.tiny');
});

serverTest('Resize to m1.tiny, then Revert resize (confirmed)', 'act-resize-back', async (page, t, s) => {
  await resize(page, s);
  await viaDialog(page, s, 'Revert resize', 'ACTIVE');
  assert.equal((await cloud.getServer(s.id)).flavor.original_name, 'm1.nano');
});

serverTest('Create snapshot: the image appears in Glance (then it is deleted)', 'act-snap', async (page, t, s) => {
  const snap = `act-snap-${Date.now()}`;
  await rowAction(page, s.name, 'Create snapshot');
  const dialog = await actionDialog(page, 'Create snapshot', s.name);
  const field = dialog.getByLabel('Snapshot name', { exact: true });
  assert.equal(await field.inputValue(), `${s.name}-snapshot`);
  await field.fill(snap);
  await dialog.getByLabel('Image metadata (optional)', { exact: true }).fill('purpose=e2e');
  await submitDialog(page, dialog, 'Create snapshot', s.name);
  const text = await waitToast(page, `Snapshot of "${s.name}" started`);
  const images = await cloud.findImages(snap);
  try {
    assert.equal(images.length, 1, `one image named ${snap} in Glance`);
    assert.ok(text.includes(images[0].id), `the toast names the image id: ${text}`);
    assert.equal(images[0].purpose, 'e2e', 'the metadata went with it');
    await cloud.waitForServer(s.id, cloud.steady('ACTIVE'), 'done snapshotting', 60e3);
  } finally {
    for (const img of images) await cloud.deleteImage(img.id);
  }
  assert.deepEqual(await cloud.findImages(snap), [], 'the snapshot was deleted again');
});

serverTest('Delete (confirmed): the row goes, Nova forgets it', 'act-delete', async (page, t, s) => {
  await rowAction(page, s.name, 'Delete');
  const dialog = await actionDialog(page, 'Delete', s.name);
  assert.match(await dialog.innerText(), /cannot be undone/);
  await submitDialog(page, dialog, 'Delete', s.name);
  await waitToast(page, `Delete requested for "${s.name}".`);
  await cloud.waitForServer(s.id, (x) => x === null, 'deleted', 60e3);
  await waitRowGone(page, s.id, 30e3);
});

serverTest('Escape or Cancel closes a dialog and sends nothing', 'act-cancel', async (page, t, s) => {
  // the first dialog of the page (its code fetched just now) has the focus, so Escape works
  await rowAction(page, s.name, 'Delete');
  await actionDialog(page, 'Delete', s.name);
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'dialog', null, { timeout: 5e3 });
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await rowAction(page, s.name, 'Delete');
  const dialog = await actionDialog(page, 'Delete', s.name);
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await sleep(2e3);
  assert.equal((await cloud.getServer(s.id)).status, 'ACTIVE');
  assert.ok(!(await actionNames(s.id)).includes('delete'));
});

// The release build fetches the dialogs' code the first time one opens (scripts/split-wasm).
serverTest('a dialog whose code cannot be fetched says so, and opens once the network is back', 'act-nocode', async (page, t, s) => {
  const module = /\/action_form-[0-9a-f]{16}\.wasm$/;
  let blocked = 0;
  await page.route(module, (route) => { blocked++; return route.abort('internetdisconnected'); });
  await rowAction(page, s.name, 'Rename');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'This dialog could not be loaded' }).waitFor();
  assert.match(await dialog.getByRole('alert').innerText(), /could not be fetched.*Try again; if it keeps failing, reload the page/);
  assert.ok(blocked > 0, 'the dialog fetched its module');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  // the loader logs the failed fetch; that console error is this test's doing
  page.problems.consoleErrors = page.problems.consoleErrors.filter((m) => !/Failed to fetch/.test(m));

  await page.unroute(module);
  await rowAction(page, s.name, 'Rename');
  await actionDialog(page, 'Rename', s.name);
});

serverTest('an action in the wrong state shows Nova\'s 409 reason (row menu and batch)', 'act-409', async (page, t, s) => {
  // The list polls every 30 s when steady: stop the server behind its back; the row still
  // shows ACTIVE for a while, so the panel lets the user try.
  await cloud.serverAction(s.id, { 'os-stop': null });
  await cloud.waitForServer(s.id, cloud.steady('SHUTOFF'), 'SHUTOFF', 30e3);
  assert.equal(await badge(page, s.id).getAttribute('data-status'), 'ACTIVE', 'the row has not polled yet');

  await rowAction(page, s.name, 'Stop');
  const text = await waitToast(page, `Stop of "${s.name}" failed.`);
  t.diagnostic(`row menu: ${text}`);
  assert.match(text, /Not possible in the current state|Cannot 'stop' instance .* while it is in vm_state stopped/);
  assert.match(text, /vm_state stopped/, 'Nova\'s own words are shown');
  assert.equal(await toasts(page).filter({ hasText: 'failed' }).first().getAttribute('role'), 'alert');

  // the same with the batch button, if the row still shows ACTIVE
  if (await badge(page, s.id).getAttribute('data-status') === 'ACTIVE') {
    await page.getByLabel(`Select ${s.name}`, { exact: true }).check();
    await page.getByRole('button', { name: 'Stop selected', exact: true }).click();
    const batch = await waitToast(page, 'Stop requested for 0 servers.');
    t.diagnostic(`batch: ${batch}`);
    assert.match(batch, new RegExp(`Not done for "${s.name}": .*vm_state stopped`));
  } else {
    t.diagnostic('the row polled before the batch step; batch variant not run');
  }
  await waitBadge(page, s.id, 'SHUTOFF', 45e3);
});
