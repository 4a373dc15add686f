// Issue #11 acceptance, the image gallery /images and the image page /images/<id>: facets,
// cards and table, Glance's next pages one "Load more" at a time, name search, a protected
// image's refusal, delete, upload with progress and cancel, and a server snapshot that goes
// from queued to active while the gallery watches. Real dev cloud, e2e project.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { expectText, login, pageTest } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { withNovaPaused } from '../lib/faults.js';
import { onCleanProject } from '../lib/servers.js';

onCleanProject();

const card = (page, id) => page.locator(`.image-card[data-id="${id}"]`);
const tableRow = (page, id) => page.locator(`table.images tbody tr[data-id="${id}"]`);
const shownIds = (page) => page.locator('.image-card[data-id], table.images tbody tr[data-id]')
  .evaluateAll((els) => els.map((e) => e.dataset.id));

// Wait until the gallery has answered its current view (cards, table, empty, or an error).
async function waitLoaded(page, timeout = 20e3) {
  await page.locator('.image-card, table.images, p.empty, main [role=alert].error').first().waitFor({ timeout });
  await page.locator('.pager .loading').waitFor({ state: 'detached', timeout });
}

async function openGallery(page, query = '') {
  if (!page.url().startsWith('http')) await login(page);
  await page.goto(`/images${query}`);
  await page.getByRole('heading', { level: 1, name: 'Images' }).waitFor();
  await waitLoaded(page);
}

async function openImage(page, id, name) {
  if (!page.url().startsWith('http')) await login(page);
  await page.goto(`/images/${id}`);
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

async function waitStatus(locator, status, timeout = 30e3) {
  try {
    await locator.locator(`.badge[data-status="${status}"]`).waitFor({ timeout });
  } catch {
    const now = await locator.locator('.badge').getAttribute('data-status', { timeout: 1e3 }).catch(() => '(none)');
    assert.fail(`the image never showed ${status} within ${timeout} ms; it shows ${now}`);
  }
}

// Slow the page's uploads down (Chromium's network emulation), so progress and Cancel can
// be seen on a loopback cloud.
async function throttleUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });
}

let shared;
after(async () => { if (shared) await cloud.deleteAdminImage(shared.id); });

pageTest('seeded images sit under the right facets, as cards and as a table; the view survives a reload', async (page) => {
  const rawId = await cloud.imageId('tiny-raw');
  const qcowId = await cloud.imageId('tiny-qcow2');
  const snapId = await cloud.imageId('e2e-snapshot');
  const community = await cloud.createImageRecord('img-community', { visibility: 'community' });
  shared = await cloud.sharedImage(`img-shared-${Date.now()}`);

  await openGallery(page);
  for (const id of [rawId, qcowId, snapId]) await card(page, id).waitFor();
  await expectText(card(page, qcowId), 'CirrOS');
  await expectText(card(page, snapId), 'Snapshot');
  await expectText(card(page, snapId), 'Mine');

  const facets = {
    base: { has: [rawId, qcowId], not: [snapId] },
    snapshots: { has: [snapId], not: [rawId, qcowId] },
    shared: { has: [shared.id], not: [rawId, snapId] },
    community: { has: [community.id], not: [rawId, snapId] },
  };
  for (const [facet, { has, not }] of Object.entries(facets)) {
    await page.locator('nav.facets').getByRole('link', { name: {
      base: 'Base images', snapshots: 'Snapshots', shared: 'Shared with me', community: 'Community',
    }[facet], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('facet') === facet);
    await waitLoaded(page);
    const ids = await shownIds(page);
    for (const id of has) assert.ok(ids.includes(id), `${facet} shows ${id}`);
    for (const id of not) assert.ok(!ids.includes(id), `${facet} leaves out ${id}`);
  }
  await expectText(card(page, community.id), 'Community');

  await page.goto('/images?facet=shared');
  await waitLoaded(page);
  await expectText(card(page, shared.id), 'Shared with me');
  await page.getByRole('link', { name: 'Table', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('view') === 'table');
  await tableRow(page, shared.id).waitFor();
  await page.reload();
  await tableRow(page, shared.id).waitFor();
  assert.equal(await page.locator('.image-card').count(), 0, 'still the table after a reload');
  const cells = await tableRow(page, shared.id).locator('td').allInnerTexts();
  assert.ok(cells.includes('Shared') && cells.includes('Shared with me') && cells.includes('raw / bare'), cells.join(' | '));
  await page.screenshot({ path: `/work/shots/gallery/e2e-${process.env.E2E_MODE ?? 'x'}-table.png`, fullPage: true }).catch(() => {});
});

pageTest('120 images page through Glance\'s next links, one page a click, none twice or missing; name search finds one', async (page) => {
  const made = [];
  for (let n = 0; n < 120; n++) {
    made.push(await cloud.createImageRecord(`page-${String(n).padStart(3, '0')}`));
  }
  const lists = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    // the gallery's own lists (logging in lands on the server list, which lists images too)
    const onGallery = new URL(page.url()).pathname === '/images';
    if (onGallery && r.method() === 'GET' && /\/v2\/images$/.test(u.pathname)) lists.push(u);
  });
  await openGallery(page);
  let clicks = 0;
  for (;;) {
    const more = page.getByRole('button', { name: 'Load more', exact: true });
    if (!(await more.count())) break;
    await more.click();
    clicks++;
    await waitLoaded(page);
  }
  const ids = await shownIds(page);
  const expected = (await cloud.listAllImages()).map((i) => i.id);
  assert.equal(new Set(ids).size, ids.length, 'no image twice');
  assert.deepEqual([...ids].sort(), [...expected].sort(), 'every image Glance lists, and no other');
  for (const img of made) assert.ok(ids.includes(img.id), `${img.name} is shown`);
  assert.ok(clicks >= 4, `several pages (${clicks} clicks)`);
  assert.ok(lists.length <= clicks + 2, `about one request per page (${lists.length} for ${clicks + 1} pages)`);
  for (const u of lists) assert.equal(u.searchParams.get('limit'), '30', `a page at a time: ${u}`);
  assert.ok(lists.slice(1).every((u) => u.searchParams.get('marker')), 'later pages follow the marker of next');

  await page.locator('#image-name').fill('page-077');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('name') === 'page-077');
  await waitLoaded(page);
  const target = made.find((i) => i.name === 'page-077');
  assert.deepEqual(await shownIds(page), [target.id]);
  for (const img of made) await cloud.deleteImage(img.id);
}, { timeout: 300e3 });

pageTest('a protected image cannot be deleted, and the page says why', async (page) => {
  const img = await cloud.createImageRecord('img-protected', { protected: true });
  await openImage(page, img.id, 'img-protected');
  const del = page.getByRole('button', { name: 'Delete', exact: true });
  assert.ok(await del.isDisabled(), 'Delete is disabled');
  await expectText(page.locator('.refusal'), 'protected');
  assert.equal((await cloud.getImage(img.id)).status, 'queued');
});

pageTest('Delete asks with the image\'s name, then the image is gone', async (page) => {
  const img = await cloud.createImageRecord('img-doomed');
  await openImage(page, img.id, 'img-doomed');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete image "img-doomed"?' });
  await dialog.getByRole('button', { name: 'Delete "img-doomed"', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/images');
  await expectText(page.locator('.toast'), 'Image "img-doomed" deleted.');
  assert.equal(await cloud.getImage(img.id), null);
  await waitLoaded(page);
  assert.equal(await card(page, img.id).count(), 0);
});

pageTest('a 20 MiB upload shows its progress and becomes active with Glance\'s checksum of the file', async (page) => {
  const data = randomBytes(20 * 1024 * 1024);
  const name = `img-upload-${Date.now()}`;
  await openGallery(page);
  await throttleUploads(page, 8 * 1024 * 1024);
  await page.getByRole('button', { name: 'Upload image', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload an image' });
  await dialog.locator('#upload-file').setInputFiles({ name: `${name}.raw`, mimeType: 'application/octet-stream', buffer: data });
  assert.equal(await dialog.getByLabel('Name', { exact: true }).inputValue(), name, 'named after the file');
  assert.equal(await dialog.getByLabel('Disk format', { exact: true }).inputValue(), 'raw', 'format from the extension');
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForFunction(() => {
    const p = document.querySelector('#upload-progress');
    return p && Number(p.value) > 0 && Number(p.value) < 100;
  }, null, { timeout: 20e3 });
  await page.screenshot({ path: `/work/shots/gallery/e2e-${process.env.E2E_MODE ?? 'x'}-upload.png` }).catch(() => {});
  await expectText(dialog, `"${name}" is uploaded.`, 60e3);
  const [img] = await cloud.findImages(name);
  assert.equal(img.status, 'active');
  assert.equal(img.size, data.length);
  assert.equal(img.checksum, createHash('md5').update(data).digest('hex'), 'md5 checksum');
  assert.equal(img.os_hash_value, createHash(img.os_hash_algo).update(data).digest('hex'), 'multihash');
  await waitStatus(card(page, img.id), 'active', 10e3);
  await cloud.deleteImage(img.id);
}, { timeout: 180e3 });

pageTest('a cancelled upload leaves no image behind and says so', async (page) => {
  const data = randomBytes(20 * 1024 * 1024);
  const name = `img-cancel-${Date.now()}`;
  await openGallery(page);
  await throttleUploads(page, 1024 * 1024);
  await page.getByRole('button', { name: 'Upload image', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload an image' });
  await dialog.locator('#upload-file').setInputFiles({ name: `${name}.qcow2`, mimeType: 'application/octet-stream', buffer: data });
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForFunction(() => Number(document.querySelector('#upload-progress')?.value) > 0, null, { timeout: 20e3 });
  await dialog.getByRole('button', { name: 'Cancel upload', exact: true }).click();
  await expectText(dialog, `Upload cancelled. The unfinished image "${name}" was deleted.`);
  assert.deepEqual(await cloud.findImages(name), [], 'no image left');
});

pageTest('a snapshot of a running server goes queued → active in the gallery without reload; Delete removes it', async (page) => {
  const server = await cloud.activeServer('img-snap-srv');
  try {
    const name = `img-snap-${Date.now()}`;
    const id = await cloud.snapshotServer(server.id, name);
    await cloud.waitForServer(server.id, cloud.steady('ACTIVE'), 'done snapshotting', 60e3);
    await openGallery(page, '?facet=snapshots');
    await waitStatus(card(page, id), 'queued');
    await page.evaluate(() => { window.__sameDocument = true; });
    // The fake virt driver uploads nothing: play its part.
    await cloud.setImageFormats(id);
    await cloud.uploadImageData(id, randomBytes(64 * 1024));
    await waitStatus(card(page, id), 'active', 20e3);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');

    await card(page, id).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: `Delete "${name}"`, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/images');
    await waitLoaded(page);
    assert.equal(await card(page, id).count(), 0, 'gone from the gallery');
    assert.equal(await cloud.getImage(id), null, 'gone from Glance');

    // The image it was booted from lists it.
    const rawId = await cloud.imageId('tiny-raw');
    await openImage(page, rawId, 'tiny-raw');
    await page.getByRole('link', { name: 'img-snap-srv', exact: true }).waitFor();
  } finally {
    await cloud.deleteServer(server.id, { wait: false });
  }
}, { timeout: 180e3 });

pageTest('Launch on an image page opens the create wizard with that image picked', async (page) => {
  const rawId = await cloud.imageId('tiny-raw');
  await openImage(page, rawId, 'tiny-raw');
  await page.getByRole('link', { name: 'Launch', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/servers/new' && u.searchParams.get('image') === rawId);
  const chosen = page.locator('table.choices tr.chosen');
  await chosen.filter({ hasText: 'tiny-raw' }).waitFor();
  assert.equal(await chosen.count(), 1, 'one image picked');
  assert.ok(await chosen.locator('input[type=radio]').isChecked());
});

// The image page's "Servers booted from it" asks Nova; leaving the page cancels that call.
// A cancelled call that still ended woke the closed page's view of it, which read the disposed
// list: "RuntimeError: unreachable" now and then on Launch (pageTest fails on any page error).
pageTest('leaving an image page while Nova has not answered it opens the wizard without an error', async (page) => {
  const rawId = await cloud.imageId('tiny-raw');
  await login(page);
  await withNovaPaused(async () => {
    await page.goto(`/images/${rawId}`);
    await page.getByRole('heading', { level: 1, name: 'tiny-raw', exact: true }).waitFor();
    await expectText(page.locator('.card'), 'Loading the servers…');
    await page.getByRole('link', { name: 'Launch', exact: true }).click();
    await page.locator('table.choices tr.chosen').filter({ hasText: 'tiny-raw' }).waitFor();
  });
}, { timeout: 120e3 });
