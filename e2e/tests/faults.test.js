// Issue #13: faults a real cloud throws, tried on the real dev cloud (no mocked API answers):
// a hung Nova (its API processes paused with SIGSTOP), an open redirect after login, and a
// token revoked while a dialog holds typed text.
import assert from 'node:assert/strict';
import { BASE_URL, expectText, login, pageTest, storedSession } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { withConfig, withNovaPaused } from '../lib/faults.js';
import { actionDialog, onCleanProject, openList, rowAction, serverTest, waitBadge, waitListLoaded } from '../lib/servers.js';

onCleanProject();

// A short deadline and quick polls keep the pause short; the rules are the same at 30 s.
const DEADLINE_S = 4;
const FAST = { requestTimeoutSeconds: DEADLINE_S, pollFastSeconds: 1, pollSlowSeconds: 2 };
const onlyNamed = (name) => `?name=${encodeURIComponent(`^${name}$`)}`;

serverTest('hung Nova: within the deadline a banner says Nova is not answering; after SIGCONT the list recovers by itself and shows a change made meanwhile', 'fault-hung', async (page, t, s) => {
  await withConfig(page, FAST);
  await openList(page, onlyNamed(s.name));
  await waitBadge(page, s.id, 'ACTIVE');
  await page.evaluate(() => { window.__sameDocument = true; });
  const banner = page.locator('p.banner[role=status]');
  assert.equal(await banner.count(), 0, 'no banner while Nova answers');

  await withNovaPaused(async () => {
    const paused = Date.now();
    // The next poll starts within pollSlowSeconds and gives up at the deadline.
    await expectText(banner, /The compute API \(Nova\) is not answering/, (FAST.pollSlowSeconds + DEADLINE_S + 3) * 1e3);
    const text = await banner.innerText();
    t.diagnostic(`${((Date.now() - paused) / 1000).toFixed(1)} s after SIGSTOP: ${text}`);
    assert.match(text, new RegExp(`no reply within ${DEADLINE_S} s|from the proxy`));
    assert.match(text, /Retrying in \d+ s/);
  });

  // Behind the panel's back, as soon as Nova answers again.
  await cloud.serverAction(s.id, { 'os-stop': null });
  const resumed = Date.now();
  await waitBadge(page, s.id, 'SHUTOFF', 45e3);
  t.diagnostic(`SHUTOFF shown ${((Date.now() - resumed) / 1000).toFixed(1)} s after SIGCONT`);
  await banner.waitFor({ state: 'detached', timeout: 10e3 });
  assert.ok(await page.evaluate(() => window.__sameDocument === true), 'recovered without a reload');
});

pageTest('open redirect: logging in at /login?next=%2F%09%2Fexample.invalid%2Fx stays on the panel', async (page) => {
  await page.goto('/login?next=%2F%09%2Fexample.invalid%2Fx');
  await login(page);
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
  const url = new URL(page.url());
  assert.equal(url.origin, new URL(BASE_URL).origin, `landed on ${page.url()}`);
  assert.equal(url.pathname, '/servers');
});

// Nova's keystonemiddleware caches a token it validated (5 min by default), so a token revoked
// in Keystone still works there for a while: the test ends the session with a token Nova never
// saw, put in the tab's session while the dialog's draft is stored.
serverTest('a dead token while a dialog holds typed text: the login form is not covered, the text is back after logging in again, and logout leaves no draft', 'fault-draft', async (page, t, s) => {
  await openList(page, onlyNamed(s.name));
  await rowAction(page, s.name, 'Rename');
  let dialog = await actionDialog(page, 'Rename', s.name);
  const typed = 'typed-before-the-401';
  await dialog.getByLabel('New name', { exact: true }).fill(typed);

  await page.evaluate(() => {
    const stored = JSON.parse(sessionStorage.getItem('nephele.session'));
    sessionStorage.setItem('nephele.session', JSON.stringify({ ...stored, token: 'gAAAAAB-not-a-token' }));
  });
  await page.reload();
  await page.waitForURL((u) => u.pathname === '/login');
  await expectText(page.locator('[role=status]'), 'session has ended');
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog (nor its overlay) over the login form');
  assert.equal((await cloud.getServer(s.id)).name, s.name, 'nothing was renamed');

  await login(page); // fills and clicks the form: fails if anything covers it
  // back where it was, the list's filter included
  await page.waitForURL((u) => u.pathname === '/servers' && u.searchParams.get('name') === `^${s.name}$`);
  await waitListLoaded(page);
  await rowAction(page, s.name, 'Rename');
  dialog = await actionDialog(page, 'Rename', s.name);
  assert.equal(await dialog.getByLabel('New name', { exact: true }).inputValue(), typed, 'the draft is back');

  // Log out with the dialog open (its overlay covers the top bar: click the button itself).
  await page.getByRole('button', { name: 'Log out', exact: true }).dispatchEvent('click');
  await page.waitForURL((u) => u.pathname === '/login');
  const drafts = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('nephele.draft.')));
  assert.deepEqual(drafts, [], 'logout leaves no draft in sessionStorage');
  assert.equal(await storedSession(page), null);
});
