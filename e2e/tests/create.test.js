// Issue #9 acceptance, the create-server wizard /servers/new against the real dev cloud: a full
// create (its key pair made inside the wizard) checked against a fresh API read, a reload that keeps every field, the checks that
// block a create before it is sent (beside their field), count 3 (marked new in the list),
// "Create another like this", an injected file, a quota overrun and the live metadata limit.
import assert from 'node:assert/strict';
import { expectText, login, pageTest, pathOf } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { onCleanProject } from '../lib/servers.js';
import { waitUntil } from '../lib/wait.js';

onCleanProject();

const next = (page) => page.getByRole('button', { name: /^Next: / }).click();
const stepIs = (page, slug) => page.waitForURL((u) => u.pathname === '/servers/new' && (u.searchParams.get('step') ?? 'image') === slug);
const stepLink = (page, name) => page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name });
const serverPage = (u) => /^\/servers\/[0-9a-f-]{36}$/.test(u.pathname);

// After Create: Nova's generated admin password, if any, is shown once; then the page goes on.
async function finishCreate(page, isTarget) {
  const dialog = page.getByRole('dialog', { name: "The server's admin password" });
  await waitUntil(async () => isTarget(new URL(page.url())) || dialog.isVisible(), 'the create to finish', 30e3);
  if (await dialog.isVisible()) {
    assert.ok((await page.locator('#admin-pass-once').innerText()).length > 0, 'the password is shown');
    await dialog.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL(isTarget);
}
const heading = (page, name) => page.getByRole('heading', { level: 2, name, exact: true }).waitFor();

async function openWizard(page, query = '') {
  await login(page);
  await page.goto(`/servers/new${query}`);
  await page.getByRole('heading', { level: 1, name: 'Create server' }).waitFor();
}

async function pickImage(page, name) {
  await heading(page, 'Image');
  await page.getByLabel('Search images').fill(name);
  await page.getByLabel(name, { exact: true }).check();
}

async function pickFlavor(page, name) {
  await heading(page, 'Flavor');
  await page.getByLabel(name, { exact: true }).check();
}

// The Nova requests the page sends to create servers.
function recordCreates(page) {
  const creates = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/servers$/.test(new URL(r.url()).pathname)) creates.push(r.postDataJSON());
  });
  return creates;
}

const META = [['role', 'web'], ['owner', 'team-é'], ['tier', '1']];
const USER_DATA = '#cloud-config\nruncmd:\n  - echo nephele > /tmp/wizard\n';

pageTest('a full create: fixed IP, key pair, 3 metadata items, user data, a tag; a reload keeps every field', async (page) => {
  const net = await cloud.networkNamed('private');
  const key = { name: 'wiz-key' };
  const fixed = '10.0.0.77';
  const creates = recordCreates(page);
  await login(page);
  await page.goto('/servers');
  await page.getByRole('link', { name: 'Create server', exact: true }).click();
  await stepIs(page, 'image');

  await pickImage(page, 'tiny-raw');
  await next(page);
  await pickFlavor(page, 'm1.nano');
  await next(page);
  await heading(page, 'Network');
  await page.getByRole('button', { name: 'Add a network' }).click();
  await page.locator('#network-0').selectOption(net.id);
  await page.locator('#fixed-ip-0').fill(fixed);
  assert.ok(await page.getByLabel('default', { exact: true }).isChecked(), 'the default security group is preselected');
  await next(page);
  await heading(page, 'Access');
  // A new key pair, made right here: its private key offered once, then it is the one chosen.
  await page.getByRole('button', { name: 'New key pair', exact: true }).click();
  await page.locator('#keypair-name').fill(key.name);
  await page.getByRole('button', { name: 'Create key pair', exact: true }).click();
  await expectText(page.locator('.keypair-created'), 'it will not be shown again');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download ${key.name}.pem`, exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${key.name}.pem`);
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.locator('.keypair-created').waitFor({ state: 'detached' });
  await waitUntil(async () => (await page.locator('#keypair').inputValue()) === key.name, 'the new key pair chosen');
  assert.ok(await cloud.getKeypair(key.name), 'Nova has the new key pair');
  await next(page);
  await heading(page, 'Details');
  await page.locator('#server-name').fill('wiz-full');
  await page.locator('#tags').fill('wizard');
  for (const [i, [k, v]] of META.entries()) {
    await page.getByRole('button', { name: 'Add item', exact: true }).click();
    await page.locator(`#meta-${i}-key`).fill(k);
    await page.locator(`#meta-${i}-value`).fill(v);
  }
  await page.locator('#user-data').fill(USER_DATA);

  // A reload in a late step restores every field, on every step.
  await page.reload();
  await heading(page, 'Details');
  assert.equal(await page.locator('#server-name').inputValue(), 'wiz-full');
  assert.equal(await page.locator('#tags').inputValue(), 'wizard');
  for (const [i, [k, v]] of META.entries()) {
    assert.equal(await page.locator(`#meta-${i}-key`).inputValue(), k);
    assert.equal(await page.locator(`#meta-${i}-value`).inputValue(), v);
  }
  assert.equal(await page.locator('#user-data').inputValue(), USER_DATA);
  await page.getByRole('button', { name: /^← Back: Access/ }).click();
  await heading(page, 'Access');
  await waitUntil(async () => (await page.locator('#keypair').inputValue()) === key.name, 'the key pair restored');
  await page.getByRole('button', { name: /^← Back: Network/ }).click();
  await heading(page, 'Network');
  await waitUntil(async () => (await page.locator('#network-0').inputValue()) === net.id, 'the network restored');
  assert.equal(await page.locator('#fixed-ip-0').inputValue(), fixed);
  await stepLink(page, /Flavor/).click();
  await heading(page, 'Flavor');
  assert.ok(await page.getByLabel('m1.nano', { exact: true }).isChecked());
  await stepLink(page, /Image/).click();
  await heading(page, 'Image');
  assert.ok(await page.getByLabel('tiny-raw', { exact: true }).isChecked());

  await stepLink(page, /Review/).click();
  await heading(page, 'Review');
  await page.getByText('The request (JSON)').click();
  await page.getByText('The same with the openstack command').click();
  await expectText(page.locator('pre.request-body'), '"fixed_ip": "10.0.0.77"');
  await expectText(page.locator('pre.cli'), ' server create');
  assert.equal(creates.length, 0, 'nothing sent before Create');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await finishCreate(page, serverPage);
  const id = pathOf(page).split('/')[2];
  await page.getByRole('heading', { level: 1, name: 'wiz-full' }).waitFor();
  const server = await cloud.waitForServer(id, cloud.steady('ACTIVE'), 'ACTIVE', 90e3);
  assert.deepEqual(server.metadata, Object.fromEntries(META));
  assert.equal(server.key_name, key.name);
  assert.deepEqual(server.tags, ['wizard']);
  assert.deepEqual(server.addresses.private.map((a) => a.addr), [fixed]);
  const admin = await cloud.getServerAsAdmin(id);
  assert.equal(Buffer.from(admin['OS-EXT-SRV-ATTR:user_data'], 'base64').toString('utf8'), USER_DATA);
  // The draft is gone after a create.
  assert.equal(await page.evaluate(() => sessionStorage.getItem('nephele.draft.create-server')), null);

  // "Create another like this" fills the steps from this server.
  await page.getByRole('link', { name: 'Create another like this' }).click();
  await stepIs(page, 'image');
  await waitUntil(async () => page.getByLabel('tiny-raw', { exact: true }).isChecked().catch(() => false), 'the image copied');
  await stepLink(page, /Flavor/).click();
  await waitUntil(async () => page.getByLabel('m1.nano', { exact: true }).isChecked().catch(() => false), 'the flavor copied');
  await stepLink(page, /Network/).click();
  await waitUntil(async () => (await page.locator('#network-0').inputValue().catch(() => '')) === net.id, 'the network copied');
  assert.equal(await page.locator('#fixed-ip-0').inputValue(), fixed);
  assert.ok(await page.getByLabel('default', { exact: true }).isChecked());
  await stepLink(page, /Access/).click();
  await waitUntil(async () => (await page.locator('#keypair').inputValue()) === key.name, 'the key pair copied');
  await stepLink(page, /Details/).click();
  for (const [i, [k, v]] of [...META].sort().entries()) {
    assert.equal(await page.locator(`#meta-${i}-key`).inputValue(), k);
    assert.equal(await page.locator(`#meta-${i}-value`).inputValue(), v);
  }
  await cloud.deleteServer(id);
}, { timeout: 240e3 });

pageTest('bad input is refused before sending, the reason beside its field', async (page) => {
  const big = await cloud.createImage('wiz-min-disk-30', { min_disk: 30 });
  const creates = recordCreates(page);
  await openWizard(page);
  // Nothing is marked before the user touched a field or pressed Next on its step.
  const alerts = page.locator('section.wizard-step [role=alert]');
  await heading(page, 'Image');
  assert.equal(await alerts.count(), 0, 'no error on an untouched step');
  await next(page);
  await heading(page, 'Flavor');
  assert.equal(await alerts.count(), 0, 'no error on an untouched step');
  await stepLink(page, /Image/).click();
  await expectText(alerts, 'Choose an image to boot from.');
  await pickImage(page, 'tiny-raw');
  await next(page);
  await pickFlavor(page, 'm1.small');
  await stepLink(page, /Image/).click();
  await pickImage(page, 'wiz-min-disk-30');
  await next(page);
  await heading(page, 'Flavor');
  // The chosen flavor is now too small: said above the table; and greyed with its reason.
  await expectText(page.getByRole('alert'), 'Its 20 GiB disk is smaller than the 30 GiB the image needs.');
  assert.ok(await page.getByLabel('m1.small', { exact: true }).isDisabled());
  await expectText(page.locator('tr.ruled-out .why'), 'smaller than the 30 GiB');

  await next(page);
  await heading(page, 'Network');
  const net = await cloud.networkNamed('private');
  await page.getByRole('button', { name: 'Add a network' }).click();
  await page.locator('#network-0').selectOption(net.id);
  const ipError = page.locator('#fixed-ip-0').locator('xpath=..').getByRole('alert');
  await page.locator('#fixed-ip-0').fill('10.0.0.300');
  await expectText(ipError, "'10.0.0.300' is not an IPv4 address");
  await page.locator('#fixed-ip-0').fill('192.168.9.9');
  await expectText(ipError, "192.168.9.9 is outside the network's subnets (10.0.0.0/24).");

  await stepLink(page, /Details/).click();
  await heading(page, 'Details');
  assert.equal(await alerts.count(), 0, 'no error on an untouched step');
  await page.locator('#server-name').fill('wiz-bad');
  await page.getByRole('button', { name: 'Add item', exact: true }).click();
  await page.getByRole('button', { name: 'Add item', exact: true }).click();
  await page.locator('#meta-0-key').fill('a/b');
  await page.locator('#meta-0-value').fill('x');
  await page.locator('#meta-1-key').fill('long');
  await page.locator('#meta-1-value').fill('é'.repeat(128)); // 128 characters, 256 bytes
  const rows = page.locator('.kv-rows .kv-row');
  await expectText(rows.nth(0).locator('.kv-errors'), "Keys may not contain '/'.");
  await expectText(rows.nth(1).locator('.kv-errors'), 'Values are 255 bytes at most (this value is 256 bytes in UTF-8).');

  await stepLink(page, /Review/).click();
  await heading(page, 'Review');
  assert.ok(await page.getByRole('button', { name: 'Create', exact: true }).isDisabled(), 'Create is disabled');
  await expectText(page.locator('dl.review'), 'Its 20 GiB disk is smaller than the 30 GiB the image needs.');
  assert.equal(creates.length, 0, 'nothing was sent');
  await cloud.deleteImage(big.id);
});

pageTest('count 3 creates three servers', async (page) => {
  await simpleDraft(page, 'wiz-many');
  await page.locator('#count').fill('3');
  await stepLink(page, /Review/).click();
  await expectText(page.locator('ul.impact'), /Instances: \d+ used → \d+ after/);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await finishCreate(page, (u) => u.pathname === '/servers');
  let made = [];
  await waitUntil(async () => {
    made = (await cloud.listServers()).filter((s) => /^wiz-many-\d$/.test(s.name));
    return made.length === 3 && made.every((s) => s.status === 'ACTIVE');
  }, 'three ACTIVE servers wiz-many-1..3', 90e3);
  assert.deepEqual(made.map((s) => s.name).sort(), ['wiz-many-1', 'wiz-many-2', 'wiz-many-3']);
  // The list marks the new servers (found by the batch's reservation id).
  await waitUntil(async () => (await page.locator('table.servers tbody tr.new').count()) === 3, 'three rows marked new');
  for (const s of made) assert.ok(await page.locator(`table.servers tbody tr.new[data-server-id="${s.id}"]`).count());
  for (const s of made) await cloud.deleteServer(s.id, { wait: false });
}, { timeout: 180e3 });

pageTest('an injected file is checked beside it, sent at compute 2.56, and the server reaches ACTIVE', async (page) => {
  const key = await cloud.createKeypair('wiz-files-key');
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/servers$/.test(new URL(r.url()).pathname)) posts.push(r);
  });
  await simpleDraft(page, 'wiz-files');
  await stepLink(page, /Access/).click();
  await heading(page, 'Access');
  await page.locator('#keypair').selectOption(key.name);
  await next(page);
  await heading(page, 'Details');
  await page.getByRole('button', { name: 'Add a file', exact: true }).click();
  const file = page.getByRole('group', { name: 'File 1' });
  await page.locator('#file-0-path').fill('etc/motd');
  await page.locator('#file-0-contents').fill('Welcome to nephele\n');
  await expectText(file.getByRole('alert'), "'etc/motd' is not an absolute path");
  await page.locator('#file-0-path').fill('/etc/motd');
  await file.getByRole('alert').waitFor({ state: 'detached' });

  await stepLink(page, /Review/).click();
  await heading(page, 'Review');
  await expectText(page.locator('dl.review'), '/etc/motd (19 bytes)');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await finishCreate(page, serverPage);
  const id = pathOf(page).split('/')[2];
  assert.equal(posts.length, 1);
  const headers = await posts[0].allHeaders();
  assert.equal(headers['openstack-api-version'], 'compute 2.56');
  assert.equal(headers['x-openstack-nova-api-version'], '2.56');
  const sent = posts[0].postDataJSON().server;
  assert.deepEqual(sent.personality, [{ path: '/etc/motd', contents: Buffer.from('Welcome to nephele\n').toString('base64') }]);
  const server = await cloud.waitForServer(id, cloud.steady('ACTIVE'), 'ACTIVE', 90e3);
  assert.equal(server.key_name, key.name);
  await cloud.deleteServer(id);
}, { timeout: 180e3 });

// Image, flavor, no network and a name: a draft Nova would take.
async function simpleDraft(page, name) {
  await openWizard(page);
  await pickImage(page, 'tiny-raw');
  await next(page);
  await pickFlavor(page, 'm1.nano');
  await next(page);
  await heading(page, 'Network');
  await page.getByLabel('No network', { exact: true }).check();
  await stepLink(page, /Details/).click();
  await heading(page, 'Details');
  await page.locator('#server-name').fill(name);
}

pageTest('a quota overrun: Nova\'s 403 in words on the review, the draft kept', async (page) => {
  await simpleDraft(page, 'wiz-over');
  await stepLink(page, /Review/).click();
  await heading(page, 'Review');
  // The quota shrinks after the wizard read it: only Nova can refuse now.
  const { totalInstancesUsed: used } = await cloud.limits();
  const before = await cloud.setQuotas({ instances: used });
  try {
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expectText(page.getByRole('alert'),
      `Quota exceeded for instances: Requested 1, but already used ${used} of ${used} instances`);
    assert.equal(pathOf(page), '/servers/new?step=review');
    assert.equal((await cloud.listServers()).filter((s) => s.name === 'wiz-over').length, 0);
    // The draft is intact: a reload brings back every field, and the quota read again now
    // blocks the create before sending.
    await page.reload();
    await heading(page, 'Review');
    await expectText(page.locator('ul.impact li.over'), `Instances: ${used} used → ${used + 1} after, of ${used}`);
    assert.ok(await page.getByRole('button', { name: 'Create', exact: true }).isDisabled());
    await stepLink(page, /Details/).click();
    await heading(page, 'Details');
    assert.equal(await page.locator('#server-name').inputValue(), 'wiz-over');
    await stepLink(page, /Flavor/).click();
    assert.ok(await page.getByLabel('m1.nano', { exact: true }).isChecked());
  } finally {
    await cloud.setQuotas(before);
  }
});

pageTest('more metadata items than the live limit are refused beside the rows, before sending', async (page) => {
  const before = await cloud.setQuotas({ metadata_items: 2 });
  try {
    const creates = recordCreates(page);
    await simpleDraft(page, 'wiz-meta');
    for (const [i, [k, v]] of META.entries()) {
      await page.getByRole('button', { name: 'Add item', exact: true }).click();
      await page.locator(`#meta-${i}-key`).fill(k);
      await page.locator(`#meta-${i}-value`).fill(v);
    }
    const metadata = page.getByRole('group', { name: 'Metadata' });
    await expectText(metadata.getByRole('alert'), 'This cloud allows 2 metadata items per server; there are 3.');
    await stepLink(page, /Review/).click();
    await heading(page, 'Review');
    await expectText(page.locator('dl.review'), 'This cloud allows 2 metadata items per server; there are 3.');
    assert.ok(await page.getByRole('button', { name: 'Create', exact: true }).isDisabled());
    assert.equal(creates.length, 0, 'nothing was sent');
  } finally {
    await cloud.setQuotas(before);
  }
});
