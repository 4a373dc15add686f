// Issue #2 acceptance: Keystone login, the shell, limits, logout, deep links, session expiry.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  closeBrowser, expectText, login, pageTest, pathOf, problemList, storedSession,
} from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';

before(cloud.cleanProject);
after(closeBrowser);

const alerts = (page) => page.locator('[role=alert]');
const notices = (page) => page.locator('[role=status]');
const onPath = (path) => (u) => u.pathname === path;

pageTest('wrong password: "The user name or password is wrong" in an alert', async (page) => {
  await login(page, { password: 'not-the-password' }, { wait: false });
  await expectText(alerts(page), 'The user name or password is wrong');
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await storedSession(page), null);
});

pageTest('right password, unknown project: the message names project "nope"', async (page) => {
  await login(page, { project: 'nope' }, { wait: false });
  await expectText(alerts(page), 'project "nope"');
  assert.equal(new URL(page.url()).pathname, '/login');
});

pageTest('login lands on /servers with the shell; token only in sessionStorage', async (page) => {
  await login(page);
  await page.waitForURL(onPath('/servers'));
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();

  const nav = page.locator('nav[aria-label="Main"]');
  for (const name of ['Servers', 'Images', 'Key pairs', 'Limits']) {
    await nav.getByRole('link', { name, exact: true }).waitFor();
  }
  await expectText(page.locator('header'), cloud.ACCOUNT.user); // user and project have the same name
  // "59 min" for a 1-hour token; Keystone's default 24 h tokens show as "24 h"
  await expectText(page.locator('#session-expiry'), /Session ends in \d/);

  const session = await storedSession(page);
  assert.ok(session?.token, 'sessionStorage nephele.session has a token');
  assert.equal(await cloud.tokenStatus(session.token), 200, 'the stored token is a valid Keystone token');
  const elsewhere = await page.evaluate(() => {
    const local = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      local.push(`${k}=${localStorage.getItem(k)}`);
    }
    return { local: local.join('\n'), cookie: document.cookie };
  });
  assert.ok(!elsewhere.local.includes(session.token), 'token not in localStorage');
  assert.ok(!elsewhere.cookie.includes(session.token), 'token not in document.cookie');
  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((c) => c.value.includes(session.token)), 'token not in any cookie');
  assert.ok(!page.url().includes(session.token), 'token not in the URL');
});

pageTest('Limits shows the instances used and allowed, as Nova reports them', async (page) => {
  await login(page);
  const before = await cloud.limits();
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Limits', exact: true }).click();
  await page.waitForURL(onPath('/limits'));
  await page.getByRole('heading', { level: 1, name: 'Limits' }).waitFor();

  const row = page.locator('table tr').filter({
    has: page.locator('th[scope=row]', { hasText: /^\s*Instances\s*$/ }),
  });
  const number = async (cls) => {
    const text = (await row.locator(`td.${cls}`).innerText()).trim();
    assert.match(text, /^\d[\d,]*$/, `Instances ${cls} is a number`);
    return Number(text.replaceAll(',', ''));
  };
  const used = await number('used');
  const max = await number('max');
  const after = await cloud.limits();
  assert.equal(max, after.maxTotalInstances);
  // between the two API reads, should anything else have booted or deleted a server meanwhile
  const [low, high] = [before.totalInstancesUsed, after.totalInstancesUsed].sort((a, b) => a - b);
  assert.ok(used >= low && used <= high, `Instances used ${used}, Nova says ${low}..${high}`);
});

pageTest('Log out revokes the token and says "You have logged out."', async (page) => {
  await login(page);
  const { token } = await storedSession(page);
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await page.waitForURL(onPath('/login'));
  await expectText(notices(page), 'You have logged out.');
  assert.equal(await storedSession(page), null, 'nephele.session removed from sessionStorage');

  // the panel may revoke while (or just after) it navigates: give Keystone a moment
  let status;
  for (let i = 0; i < 20; i++) {
    status = await cloud.tokenStatus(token);
    if (status === 404 || status === 401) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(status === 404 || status === 401, `Keystone still accepts the token (GET /v3/auth/tokens: ${status})`);
});

pageTest('deep link: /limits logged out goes to /login?next=..., and back after login', async (page) => {
  await page.goto('/limits');
  await page.waitForURL(onPath('/login'));
  const next = new URL(page.url()).searchParams.get('next');
  assert.ok(next?.includes('/limits'), `next=${next} in ${pathOf(page)}`);
  await login(page);
  await page.waitForURL(onPath('/limits'));
  await page.getByRole('heading', { level: 1, name: 'Limits' }).waitFor();
});

pageTest('a token Keystone no longer accepts ends the session; login returns to the page', async (page) => {
  await login(page);
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('nephele.session'));
    sessionStorage.setItem('nephele.session', JSON.stringify({ ...s, token: 'gAAAAAB-not-a-token' }));
  });
  await page.goto('/limits');
  await page.waitForURL(onPath('/login'));
  await expectText(notices(page), 'session has ended');
  await login(page);
  await page.waitForURL(onPath('/limits'));
  await page.getByRole('heading', { level: 1, name: 'Limits' }).waitFor();
});

pageTest('page loads log no console errors and no CSP violations', async (page) => {
  await page.goto('/login');
  await page.getByLabel('User name', { exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(problemList(page), [], 'loading /login');

  await login(page);
  await page.goto('/limits'); // a full load with a session: config, token check, Nova
  await page.locator('table th[scope=row]').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(problemList(page), [], 'loading /limits logged in');
});
