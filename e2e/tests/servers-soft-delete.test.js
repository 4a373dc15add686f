// Restore and Force delete exist only on clouds whose deletes are soft (Nova's
// reclaim_instance_interval). The dev cloud runs a second nova-api over the same Nova with
// that setting, on 127.0.0.1:8764; the panel reaches it through config.json's endpointMap,
// which this test rewrites in the browser. Every OpenStack answer is the real one.
import assert from 'node:assert/strict';
import { BASE_URL, pageTest } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import {
  actionDialog, openList, row, rowAction, submitDialog, waitBadge, waitListLoaded, waitRowGone,
  waitToast, onCleanProject,
} from '../lib/servers.js';

onCleanProject();

const NOVA = 'http://127.0.0.1:8774';
const SOFT_DELETE_NOVA = 'http://127.0.0.1:8764';

const served = await (await fetch(`${BASE_URL}/config.json`)).json();
// Same-origin mode maps Nova to /compute on the panel's own origin; that origin may not call
// the second API (no CORS for it, CSP connect-src 'self'). The requests are the same.
const sameOrigin = Boolean(served.endpointMap?.[NOVA]);

pageTest('soft delete: Delete keeps the server as SOFT_DELETED, Restore brings it back, Force delete removes it', async (page, t) => {
  const name = 'soft-1';
  const { id } = await cloud.activeServer(name);
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.endpointMap = { ...json.endpointMap, [NOVA]: SOFT_DELETE_NOVA };
    await route.fulfill({ response, json });
  });
  const sent = [];
  page.on('request', (r) => { if (r.method() !== 'GET' && r.url().startsWith(SOFT_DELETE_NOVA)) sent.push(r.url()); });
  await openList(page, `?name=${encodeURIComponent(`^${name}$`)}`);
  await waitBadge(page, id, 'ACTIVE', 15e3);

  const softDelete = async () => {
    await rowAction(page, name, 'Delete');
    const dialog = await actionDialog(page, 'Delete', name);
    assert.match(await dialog.innerText(), /unless this cloud keeps deleted servers/);
    await submitDialog(page, dialog, 'Delete', name);
    await waitToast(page, `Delete requested for "${name}".`);
    await cloud.waitForServer(id, cloud.steady('SOFT_DELETED'), 'soft-deleted', 60e3);
    await waitBadge(page, id, 'SOFT_DELETED', 30e3);
  };

  await softDelete();
  assert.ok(sent.some((u) => u.endsWith(`/servers/${id}`)), `the DELETE went to the soft-delete API: ${sent}`);
  // Nova's list leaves soft-deleted servers out; the status filter "Soft deleted" finds them.
  await page.reload();
  await waitListLoaded(page);
  assert.equal(await row(page, id).count(), 0, 'a reloaded list no longer shows the soft-deleted server');
  await page.goto(`/servers?name=${encodeURIComponent(`^${name}$`)}&status=SOFT_DELETED`);
  await waitListLoaded(page);
  await waitBadge(page, id, 'SOFT_DELETED', 15e3);

  await rowAction(page, name, 'Restore');
  await waitToast(page, `Restore requested for "${name}".`);
  await cloud.waitForServer(id, cloud.steady('ACTIVE'), 'restored', 60e3);
  await waitBadge(page, id, 'ACTIVE', 30e3);

  await softDelete();
  await rowAction(page, name, 'Force delete');
  const dialog = await actionDialog(page, 'Force delete', name);
  assert.match(await dialog.innerText(), /without the grace period/);
  await submitDialog(page, dialog, 'Force delete', name);
  await waitToast(page, `Force delete requested for "${name}".`);
  await cloud.waitForServer(id, (s) => s === null, 'force-deleted', 60e3);
  await waitRowGone(page, id, 30e3);
  t.diagnostic(`sent to the soft-delete API: ${sent.map((u) => u.replace(SOFT_DELETE_NOVA, '')).join(', ')}`);
}, { timeout: 180e3, skip: sameOrigin && 'same-origin mode: the soft-delete API has no proxy on the panel\'s origin' });
