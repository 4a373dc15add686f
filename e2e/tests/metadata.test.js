// Issue #10 acceptance, the metadata editor: /servers/<id>/metadata (Nova: one POST for added
// and changed keys, one DELETE per removed key, PUT for Replace all, 409 while locked) and
// /images/<id>/metadata (Glance: one JSON-patch PATCH). Real dev cloud; every result is checked
// with a fresh GET from the API.
import assert from 'node:assert/strict';
import { expectText, login, pageTest, problemList } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { onCleanProject, serverTest } from '../lib/servers.js';
import { waitUntil } from '../lib/wait.js';

onCleanProject();

const editor = (page) => page.locator('.metadata-editor');
const keyInputs = (page) => page.locator('.metadata-editor .kv-key');

// Log in through the redirect and land on `path`, with the editor's rows shown.
async function open(page, path) {
  await page.goto(path);
  await page.waitForURL((u) => u.pathname === '/login');
  await login(page);
  await page.waitForURL((u) => u.pathname === path);
  await editor(page).waitFor();
}

// The row whose key input holds `key`.
async function rowOf(page, key) {
  const keys = await keyInputs(page).evaluateAll((inputs) => inputs.map((i) => i.value));
  const at = keys.indexOf(key);
  assert.ok(at >= 0, `no row with key ${key}; keys are ${JSON.stringify(keys)}`);
  return page.locator('.metadata-editor .kv-row').nth(at);
}

async function setValue(page, key, value) {
  await (await rowOf(page, key)).locator('.kv-value').fill(value);
}

async function removeKey(page, key) {
  await page.getByRole('button', { name: `Remove ${key}`, exact: true }).click();
}

// The focus is in an empty key input (a row just added).
async function focusInNewKey(page) {
  const inNewKey = () => page.evaluate(() => document.activeElement?.classList.contains('kv-key')
    && document.activeElement.value === '');
  await waitUntil(inNewKey, 'the focus in the new row\'s key', 5e3);
}

// Add rows by keyboard: "Add item", then key, Tab, value, and Enter for each next row.
async function addByKeyboard(page, pairs) {
  await page.getByRole('button', { name: 'Add item', exact: true }).click();
  for (const [i, [key, value]] of pairs.entries()) {
    await focusInNewKey(page);
    await page.keyboard.type(key);
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
    if (i < pairs.length - 1) await page.keyboard.press('Enter');
  }
}

// The writes the page sends to `pattern` (method and path).
function recordWrites(page, pattern) {
  const writes = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.method() !== 'OPTIONS' && pattern.test(r.url())) {
      writes.push(`${r.method()} ${new URL(r.url()).pathname.replace(/^.*?(\/servers|\/v2\/images)/, '$1')}`);
    }
  });
  return writes;
}

async function review(page) {
  await page.getByRole('button', { name: 'Review changes', exact: true }).click();
  await page.getByRole('heading', { name: 'Review', exact: true }).waitFor();
}

async function saved(page) {
  await expectText(page.getByRole('status'), 'Saved.', 20e3);
}

// Nothing went wrong on the page but `expected` (Chromium logs the refused call the test provokes).
function noProblems(page, expected) {
  assert.deepEqual(problemList(page).filter((p) => !expected?.test(p)), []);
}

serverTest('add 3, change 1, remove 1: one POST, one DELETE, and a fresh GET matches', 'meta-diff', async (page, t, s) => {
  await cloud.setServerMetadata(s.id, { keep: '1', change: 'old', drop: 'x' });
  const writes = recordWrites(page, /\/servers\/[^/]+\/metadata/);
  await open(page, `/servers/${s.id}/metadata`);
  await setValue(page, 'change', 'new');
  await removeKey(page, 'drop');
  await addByKeyboard(page, [['a1', 'one'], ['a2', 'two'], ['a3', 'three']]);
  // Enter moved the focus to each new row's key: three rows were added, in order.
  assert.deepEqual(await keyInputs(page).evaluateAll((i) => i.map((x) => x.value)), ['change', 'keep', 'a1', 'a2', 'a3']);
  await review(page);
  await expectText(page.locator('.metadata-review'), '3 added, 1 changed, 1 removed');
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await saved(page);
  assert.deepEqual(writes, [`POST /servers/${s.id}/metadata`, `DELETE /servers/${s.id}/metadata/drop`]);
  assert.deepEqual(await cloud.serverMetadata(s.id), { keep: '1', change: 'new', a1: 'one', a2: 'two', a3: 'three' });
  // A saved editor leaves no draft behind.
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), `nephele.draft.metadata.server.${s.id}`), null);
  noProblems(page);
});

serverTest('Replace all sends one PUT of the whole set', 'meta-replace', async (page, t, s) => {
  await cloud.setServerMetadata(s.id, { a: '1', b: '2' });
  const writes = recordWrites(page, /\/servers\/[^/]+\/metadata/);
  await open(page, `/servers/${s.id}/metadata`);
  await removeKey(page, 'a');
  await addByKeyboard(page, [['c', '3']]);
  await review(page);
  await page.getByRole('button', { name: 'Replace all with these 2 items', exact: true }).click();
  await saved(page);
  assert.deepEqual(writes, [`PUT /servers/${s.id}/metadata`]);
  assert.deepEqual(await cloud.serverMetadata(s.id), { b: '2', c: '3' });
  noProblems(page);
});

serverTest('a value of 258 UTF-8 bytes in 86 characters is refused before sending; hostile text stays text', 'meta-check', async (page, t, s) => {
  const hostile = '<img src=x onerror=alert(1)>';
  await cloud.setServerMetadata(s.id, { evil: hostile, note: 'ok' });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const writes = recordWrites(page, /\/servers\/[^/]+\/metadata/);
  await open(page, `/servers/${s.id}/metadata`);
  assert.equal(await (await rowOf(page, 'evil')).locator('.kv-value').inputValue(), hostile);
  await setValue(page, 'note', '€'.repeat(86));
  const row = await rowOf(page, 'note');
  await expectText(row.locator('.kv-errors'), 'Values are 255 bytes at most (this value is 258 bytes in UTF-8).');
  assert.equal(await row.locator('.kv-value').getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Review changes', exact: true }).click();
  await expectText(page.getByRole('alert'), 'Fix the items marked below first.');
  assert.deepEqual(writes, []);

  // A hostile value typed in is shown as text in the review too.
  await setValue(page, 'note', `${hostile}<b>bold</b>`);
  await review(page);
  await expectText(page.locator('.metadata-review'), `${hostile}<b>bold</b>`);
  assert.equal(await page.locator('main img, main b').count(), 0, 'no element was made from a value');
  assert.deepEqual(dialogs, []);
  noProblems(page);
});

serverTest('a locked server: the 409 says so, the edits survive a reload, retry after unlock succeeds', 'meta-lock', async (page, t, s) => {
  await cloud.setServerMetadata(s.id, { a: '1' });
  await cloud.serverAction(s.id, { lock: null });
  await open(page, `/servers/${s.id}/metadata`);
  await setValue(page, 'a', '2');
  await review(page);
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await expectText(page.getByRole('alert'), 'The server is locked');

  // Leaving asks first (beforeunload); after the reload the draft is back.
  page.on('dialog', (d) => d.accept());
  await page.reload();
  await editor(page).waitFor();
  await expectText(page.getByRole('status'), 'Your unsaved edits from earlier are back.');
  assert.equal(await (await rowOf(page, 'a')).locator('.kv-value').inputValue(), '2');

  await cloud.serverAction(s.id, { unlock: null });
  await review(page);
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await saved(page);
  assert.deepEqual(await cloud.serverMetadata(s.id), { a: '2' });
  noProblems(page, /status of 409 \(Conflict\) .*\/metadata\)$/);
});

serverTest('a key changed through the API while the editor is open is shown before saving', 'meta-elsewhere', async (page, t, s) => {
  await cloud.setServerMetadata(s.id, { a: '1', b: '2' });
  await open(page, `/servers/${s.id}/metadata`);
  await setValue(page, 'a', '10');
  await cloud.setServerMetadata(s.id, { a: '1', b: '3', c: 'new' });
  await page.getByRole('button', { name: 'Review changes', exact: true }).click();
  const elsewhere = page.locator('.elsewhere');
  await expectText(elsewhere, 'Changed elsewhere since you opened the editor: 1 added, 1 changed');
  await expectText(elsewhere.locator('li'), /b.*2.*→.*3/);
  assert.ok(await page.getByRole('button', { name: 'Save changes', exact: true }).isDisabled());
  await page.getByRole('button', { name: 'Keep my edits on top of theirs', exact: true }).click();
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await saved(page);
  assert.deepEqual(await cloud.serverMetadata(s.id), { a: '10', b: '3', c: 'new' });
  noProblems(page);
});

pageTest('image properties: add, replace and remove in one JSON-patch PATCH; a protected image says why', async (page) => {
  const image = await cloud.createImageRecord('meta-image', { os_distro: 'cirros', hw_x: 'old', drop_me: 'y' });
  const locked = await cloud.createImageRecord('meta-protected', { protected: true });
  try {
    const writes = recordWrites(page, /\/v2\/images\//);
    await open(page, `/images/${image.id}/metadata`);
    await expectText(page.locator('main'), "Glance's own fields (read-only)");
    await setValue(page, 'hw_x', 'new');
    await removeKey(page, 'drop_me');
    await addByKeyboard(page, [['added_key', 'v']]);
    await review(page);
    await page.getByRole('button', { name: 'Save changes', exact: true }).click();
    await saved(page);
    assert.deepEqual(writes, [`PATCH /v2/images/${image.id}`]);
    const fresh = await cloud.getImage(image.id);
    assert.deepEqual([fresh.os_distro, fresh.hw_x, fresh.drop_me, fresh.added_key], ['cirros', 'new', undefined, 'v']);

    await page.goto(`/images/${locked.id}/metadata`);
    await expectText(page.getByRole('status'), 'This image is protected');
    assert.equal(await page.locator('.metadata-editor').count(), 0);
    noProblems(page);
  } finally {
    await cloud.patchImage(locked.id, [{ op: 'replace', path: '/protected', value: false }]).catch(() => {});
  }
});
