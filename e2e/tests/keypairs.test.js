// Issue #9, key pairs at /keypairs: create (the private key offered once, as a download),
// import (pasted or read from a file, checked before sending), refusals in words with the
// form intact, delete after a confirmation. Real dev cloud.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expectText, login, pageTest } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { onCleanProject, waitToast } from '../lib/servers.js';
import { waitUntil } from '../lib/wait.js';

onCleanProject();

// A fresh ed25519 public key in OpenSSH form, and the MD5 fingerprint Nova gives it.
function ed25519Key(comment = 'e2e@nephele') {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  // The SSH wire format: each part a 32-bit length then the bytes.
  const string = (b) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const blob = Buffer.concat([string(Buffer.from('ssh-ed25519')), string(raw)]);
  const fingerprint = createHash('md5').update(blob).digest('hex').match(/../g).join(':');
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, fingerprint };
}

const row = (page, name) => page.locator('table.keypairs tbody tr')
  .filter({ has: page.getByRole('rowheader', { name, exact: true }) });

async function openForm(page) {
  await login(page);
  await page.goto('/keypairs');
  await page.getByRole('heading', { level: 1, name: 'Key pairs' }).waitFor();
  await page.getByRole('button', { name: 'New key pair', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).waitFor();
}

// POSTs to /os-keypairs the page makes from now on.
function recordCreates(page) {
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/os-keypairs$/.test(r.url())) posts.push(r);
  });
  return posts;
}

pageTest('create: the private key is offered once as a .pem download, and the list shows the pair', async (page) => {
  await openForm(page);
  await page.getByLabel('Name', { exact: true }).fill('e2e-made');
  await page.getByRole('button', { name: 'Create key pair', exact: true }).click();
  await page.getByRole('heading', { name: 'Key pair "e2e-made" created' }).waitFor();
  await expectText(page.locator('.keypair-created'), 'it will not be shown again');
  const link = page.getByRole('link', { name: 'Download e2e-made.pem', exact: true });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'e2e-made.pem');
  const pem = await readFile(await download.path(), 'utf8');
  assert.match(pem, /^-----BEGIN (RSA |OPENSSH )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA |OPENSSH )?PRIVATE KEY-----\s*$/);

  const made = await cloud.getKeypair('e2e-made');
  assert.ok(made, 'Nova has the new key pair');
  await expectText(row(page, 'e2e-made'), made.fingerprint);

  // Once: after Done the key is gone from the page, and it was never stored.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByRole('button', { name: 'Create key pair', exact: true }).waitFor();
  assert.equal(await link.count(), 0);
  const stored = await page.evaluate(() => Object.values(sessionStorage).join('\n'));
  assert.ok(!stored.includes('PRIVATE KEY'), 'no private key in sessionStorage');
  // The same name again: Nova's 409 in words, the name still in its field.
  await page.getByLabel('Name', { exact: true }).fill('e2e-made');
  await page.getByRole('button', { name: 'Create key pair', exact: true }).click();
  await expectText(page.locator('.keypair-form [role=alert]'), 'You already have a key pair named "e2e-made"');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'e2e-made');
});

pageTest('import: a pasted public key shows up with Nova\'s fingerprint; one read from a file too', async (page) => {
  const pasted = ed25519Key();
  await openForm(page);
  await page.getByRole('radio', { name: 'Import a public key', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill('e2e-pasted');
  await page.getByLabel('Public key', { exact: true }).fill(pasted.line);
  await page.getByRole('button', { name: 'Import key pair', exact: true }).click();
  await page.getByRole('heading', { name: 'Key pair "e2e-pasted" imported' }).waitFor();
  const nova = await cloud.getKeypair('e2e-pasted');
  assert.equal(nova.fingerprint, pasted.fingerprint);
  assert.equal(nova.public_key.trim(), pasted.line);
  await expectText(row(page, 'e2e-pasted'), pasted.fingerprint);
  // The public key can be read in the list.
  await row(page, 'e2e-pasted').getByText('Public key', { exact: true }).click();
  await expectText(row(page, 'e2e-pasted').locator('pre'), pasted.line);

  const fromFile = ed25519Key('file@nephele');
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('e2e-file');
  await page.locator('#keypair-public-key-file').setInputFiles({
    name: 'id_ed25519.pub', mimeType: 'text/plain', buffer: Buffer.from(`${fromFile.line}\n`),
  });
  await waitUntil(async () => (await page.getByLabel('Public key', { exact: true }).inputValue()) === fromFile.line,
    'the file\'s key in the field');
  await page.getByRole('button', { name: 'Import key pair', exact: true }).click();
  await page.getByRole('heading', { name: 'Key pair "e2e-file" imported' }).waitFor();
  assert.equal((await cloud.getKeypair('e2e-file')).fingerprint, fromFile.fingerprint);
  await expectText(row(page, 'e2e-file'), fromFile.fingerprint);
});

pageTest('a malformed public key is refused beside the field, nothing is sent, nothing typed is lost', async (page) => {
  const posts = recordCreates(page);
  const good = ed25519Key();
  // 40 Base64 characters: still valid Base64, but short of the key.
  const cut = good.line.slice(0, good.line.indexOf(' ') + 1 + 40);
  await openForm(page);
  await page.getByRole('radio', { name: 'Import a public key', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill('e2e-bad');
  await page.getByLabel('Public key', { exact: true }).fill(cut);
  const field = page.locator('.field').filter({ has: page.getByLabel('Public key', { exact: true }) });
  await expectText(field.getByRole('alert'), 'The ssh-ed25519 key data is incomplete or damaged');
  await page.getByRole('button', { name: 'Import key pair', exact: true }).click();
  await expectText(field.getByRole('alert'), 'incomplete or damaged');
  assert.equal(await page.getByLabel('Public key', { exact: true }).getAttribute('aria-invalid'), 'true');
  // A private key pasted by mistake is named as such.
  await page.getByLabel('Public key', { exact: true }).fill('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----');
  await expectText(field.getByRole('alert'), 'This is a private key.');
  // A reload keeps what was typed (the draft).
  await page.reload();
  await page.getByRole('button', { name: 'New key pair', exact: true }).click();
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'e2e-bad');
  assert.match(await page.getByLabel('Public key', { exact: true }).inputValue(), /PRIVATE KEY/);
  assert.equal(posts.length, 0, 'no POST /os-keypairs was made');
  assert.equal(await cloud.getKeypair('e2e-bad'), null);
});

pageTest('delete asks first, naming the key pair, then removes it', async (page) => {
  const key = ed25519Key();
  const posts = recordCreates(page);
  await openForm(page);
  await page.getByRole('radio', { name: 'Import a public key', exact: true }).check();
  await page.getByLabel('Name', { exact: true }).fill('e2e-doomed');
  await page.getByLabel('Public key', { exact: true }).fill(key.line);
  await page.getByRole('button', { name: 'Import key pair', exact: true }).click();
  await row(page, 'e2e-doomed').waitFor();
  assert.equal(posts.length, 1);

  await row(page, 'e2e-doomed').getByRole('button', { name: 'Delete e2e-doomed', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete key pair "e2e-doomed"?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await cloud.getKeypair('e2e-doomed'), 'Cancel keeps it');

  await row(page, 'e2e-doomed').getByRole('button', { name: 'Delete e2e-doomed', exact: true }).click();
  await dialog.getByRole('button', { name: 'Delete e2e-doomed', exact: true }).click();
  await waitToast(page, 'Key pair "e2e-doomed" deleted.');
  await row(page, 'e2e-doomed').waitFor({ state: 'detached' });
  assert.equal(await cloud.getKeypair('e2e-doomed'), null, 'a fresh API read agrees');
});
