// Issue #13: faults a real cloud throws, tried on the real dev cloud (no mocked API answers):
// a hung Nova (its API processes paused with SIGSTOP), Nova down (stopped: connection refused,
// or nginx's 502 in same-origin mode), nginx's 504 when it gives up on a paused Nova, nginx's
// rate limit (429 with Retry-After), a browser clock 10 minutes off, a detail page while another
// server keeps changing, an open redirect after login, and a token revoked while a dialog holds
// typed text.
import assert from 'node:assert/strict';
import { BASE_URL, expectText, login, pageTest, storedSession } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { LIMITED_URL, liftRateLimit, rateLimitNova, withConfig, withNovaDown, withNovaPaused } from '../lib/faults.js';
import {
  actionDialog, NOVA, onCleanProject, openList, row, rowAction, serverTest, waitBadge, waitListLoaded, waitToast,
} from '../lib/servers.js';
import { waitUntil } from '../lib/wait.js';

// Same-origin mode maps Nova to /compute on the panel's origin, behind nginx.
const served = await (await fetch(`${BASE_URL}/config.json`)).json();
const sameOrigin = Boolean(served.endpointMap?.['http://127.0.0.1:8774']);
const NEEDS_NGINX = !sameOrigin && 'CORS mode: the browser calls Nova directly, with no nginx in front';

// Every Nova request the page sends, with when it left and (once answered) its status.
function recordCompute(page) {
  const log = [];
  const entries = new WeakMap();
  page.on('request', (r) => {
    if (!NOVA.test(r.url())) return;
    const entry = { at: Date.now(), method: r.method(), url: r.url(), status: null };
    entries.set(r, entry);
    log.push(entry);
  });
  page.on('response', (r) => {
    const entry = entries.get(r.request());
    if (entry) entry.status = r.status();
  });
  return log;
}
const secs = (ms) => (ms / 1000).toFixed(1);

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

serverTest('Nova down: the banner says in words that Nova cannot be reached (or, behind nginx, is not answering: 502), the poller backs off, and after a restart the list recovers by itself', 'fault-down', async (page, t, s) => {
  await withConfig(page, FAST);
  await openList(page, onlyNamed(s.name));
  await waitBadge(page, s.id, 'ACTIVE');
  await page.evaluate(() => { window.__sameDocument = true; });
  const banner = page.locator('p.banner[role=status]');
  const retryIn = async () => Number((await banner.innerText()).match(/Retrying in (\d+) s/)?.[1]);
  const words = sameOrigin
    ? /The compute API \(Nova\) is not answering \(502 from the proxy\)\./
    : /The compute API \(Nova\) cannot be reached at http:\/\/127\.0\.0\.1:8774: nothing answers there\./;

  await withNovaDown(async (stopped) => {
    await expectText(banner, words, (FAST.pollSlowSeconds + 5) * 1e3);
    t.diagnostic(`${secs(Date.now() - stopped)} s after the stop: ${await banner.innerText()}`);
    // Backoff: each failure waits longer than the one before.
    const first = await retryIn();
    await waitUntil(async () => (await retryIn()) > first, `"Retrying in" to grow beyond ${first} s`, (first + 5) * 1e3);
    t.diagnostic(`backoff: retrying in ${first} s, then ${await retryIn()} s`);
    assert.match(await banner.innerText(), words);
  });
  const back = Date.now();

  // Behind the panel's back, once Nova answers again.
  await cloud.serverAction(s.id, { 'os-stop': null });
  await waitBadge(page, s.id, 'SHUTOFF', 90e3);
  t.diagnostic(`SHUTOFF shown ${secs(Date.now() - back)} s after nova-api answered again`);
  await banner.waitFor({ state: 'detached', timeout: 10e3 });
  assert.ok(await page.evaluate(() => window.__sameDocument === true), 'recovered without a reload');
}, { timeout: 240e3 });

// Log in on the panel at LIMITED_URL (nginx in front of Nova, see lib/faults.js) and open the
// server list there with `query`.
async function openListBehindProxy(page, query) {
  await page.goto(`${LIMITED_URL}/login`);
  await login(page);
  await page.goto(`${LIMITED_URL}/servers${query}`);
  await waitListLoaded(page);
}

// nginx in front of Nova that stops waiting before the panel does (scripts/devcloud's copy of
// the same-origin deployment at LIMITED_URL waits 3 s for Nova): a paused Nova is nginx's 504.
serverTest('504 from nginx: with Nova paused behind a proxy that gives up first, the banner says Nova is not answering (504 from the proxy), and the list recovers by itself', 'fault-504', async (page, t, s) => {
  await withConfig(page, { requestTimeoutSeconds: 30, pollFastSeconds: 1, pollSlowSeconds: 2 });
  await openListBehindProxy(page, onlyNamed(s.name));
  await waitBadge(page, s.id, 'ACTIVE');
  const banner = page.locator('p.banner[role=status]');

  await withNovaPaused(async () => {
    const paused = Date.now();
    await expectText(banner, /The compute API \(Nova\) is not answering \(504 from the proxy\)\. Retrying in \d+ s/, 15e3);
    t.diagnostic(`${secs(Date.now() - paused)} s after SIGSTOP: ${await banner.innerText()}`);
  });
  const resumed = Date.now();
  await cloud.serverAction(s.id, { 'os-stop': null });
  await waitBadge(page, s.id, 'SHUTOFF', 45e3);
  t.diagnostic(`SHUTOFF shown ${secs(Date.now() - resumed)} s after SIGCONT`);
  await banner.waitFor({ state: 'detached', timeout: 10e3 });
}, { skip: NEEDS_NGINX });

// nginx's limit_req in front of Nova (scripts/devcloud's rate-limited copy of the same-origin
// deployment): one request a minute, the rest 429 with Retry-After. The poller and a batch
// action wait as told.
const RETRY_S = 4;
pageTest('429 with Retry-After from nginx: the poller waits as told, and a batch Stop waits, says so, and is sent again', async (page, t) => {
  const servers = await Promise.all(['fault-429-a', 'fault-429-b'].map(async (name) => ({ name, ...(await cloud.activeServer(name)) })));
  try {
    await withConfig(page, { pollFastSeconds: 1, pollSlowSeconds: 2 });
    await openListBehindProxy(page, onlyNamed('fault-429-.'));
    for (const s of servers) await waitBadge(page, s.id, 'ACTIVE');
    const nova = recordCompute(page);
    const polls = () => nova.filter((e) => e.method === 'GET' && e.url.includes('/servers/detail'));

    await rateLimitNova(page.context(), RETRY_S);
    const banner = page.locator('p.banner[role=status]');
    await expectText(banner, `Too many requests (429 from the proxy). Try again in ${RETRY_S} s. Retrying in ${RETRY_S} s.`, 15e3);
    t.diagnostic(`banner: ${await banner.innerText()}`);
    // The poll after a 429 leaves no sooner than Retry-After says (the backoff alone is 2 s).
    await waitUntil(() => polls().filter((e) => e.status === 429).length >= 2, 'two polls refused with 429', 20e3);
    const refused = polls().findIndex((e) => e.status === 429);
    const after = polls().slice(refused);
    for (let i = 1; i < after.length; i++) {
      const gap = after[i].at - after[i - 1].at;
      t.diagnostic(`poll ${i}: ${secs(gap)} s after the one before (${after[i - 1].status})`);
      if (after[i - 1].status === 429) assert.ok(gap >= RETRY_S * 1e3 - 300, `a poll ${secs(gap)} s after a 429 that said ${RETRY_S} s`);
    }

    // A batch action meets the limit: it waits as told, says so, and goes through.
    for (const s of servers) await page.getByLabel(`Select ${s.name}`, { exact: true }).check();
    await page.getByRole('button', { name: 'Stop selected', exact: true }).click();
    const waiting = await waitToast(page, new RegExp(`Stop of "fault-429-[ab]" is sent again in ${RETRY_S} s\\.`));
    t.diagnostic(`toast: ${waiting}`);
    assert.match(waiting, /Too many requests \(429 from the proxy\)/);
    await liftRateLimit(page.context());
    await waitToast(page, 'Stop requested for 2 servers.', 20e3);
    const first = servers.find((s) => waiting.includes(`"${s.name}"`));
    const stops = nova.filter((e) => e.method === 'POST' && e.url.endsWith(`/servers/${first.id}/action`));
    t.diagnostic(`Stop of ${first.name}: ${stops.map((e) => e.status).join(', ')}, ${secs(stops[1].at - stops[0].at)} s apart`);
    assert.deepEqual(stops.map((e) => e.status), [429, 202]);
    assert.ok(stops[1].at - stops[0].at >= RETRY_S * 1e3 - 300, 'sent again no sooner than told');
    for (const s of servers) await waitBadge(page, s.id, 'SHUTOFF', 45e3);
    await banner.waitFor({ state: 'detached', timeout: 10e3 });
  } finally {
    for (const s of servers) await cloud.deleteServer(s.id, { wait: false }).catch((e) => t.diagnostic(`cleanup: ${e.message}`));
  }
}, { timeout: 180e3, skip: NEEDS_NGINX });

// A browser clock 10 minutes ahead of the cloud's (a fake Date before the panel loads):
// `changes-since` is asked in Nova's time, so polls still find changes.
const SKEW_MS = 10 * 60e3;
serverTest('clock skew: with the browser 10 minutes ahead, the list and the detail page stay live', 'fault-clock', async (page, t, s) => {
  await page.context().addInitScript((skew) => {
    const RealDate = Date;
    globalThis.Date = class extends RealDate {
      constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + skew); }
      static now() { return RealDate.now() + skew; }
    };
  }, SKEW_MS);
  await withConfig(page, { pollFastSeconds: 1, pollSlowSeconds: 2 });
  await openList(page, onlyNamed(s.name));
  const skew = await page.evaluate(() => Date.now()) - Date.now();
  assert.ok(Math.abs(skew - SKEW_MS) < 5e3, `the page's clock is ${secs(skew)} s off`);
  await waitBadge(page, s.id, 'ACTIVE');
  await page.evaluate(() => { window.__sameDocument = true; });

  await cloud.serverAction(s.id, { 'os-stop': null });
  await waitBadge(page, s.id, 'SHUTOFF', 30e3);
  await row(page, s.id).locator('td.name a').click();
  await page.getByRole('heading', { level: 1, name: s.name, exact: true }).waitFor();
  await cloud.waitForServer(s.id, cloud.steady('SHUTOFF'), 'SHUTOFF', 30e3);
  await cloud.serverAction(s.id, { 'os-start': null });
  await page.locator('.detail-head .badge[data-status="ACTIVE"]').waitFor({ timeout: 30e3 });
  assert.ok(await page.evaluate(() => window.__sameDocument === true), 'live without a reload');
});

// While another server builds and changes, a detail page must not poll in a loop (each poll
// answers the other server, which the page does not show): at most one poll per fast interval.
const QUICK = { pollFastSeconds: 1, pollSlowSeconds: 2 };
const WATCH_MS = 20e3;
serverTest('a detail page open while another server builds and changes polls no more often than the fast interval', 'fault-detail', async (page, t, s) => {
  await withConfig(page, QUICK);
  await openList(page, onlyNamed(s.name));
  await row(page, s.id).locator('td.name a').click();
  await page.getByRole('heading', { level: 1, name: s.name, exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  const nova = recordCompute(page);

  const start = Date.now();
  const other = await cloud.createServer('fault-detail-other');
  try {
    await cloud.waitForStatus(other.id, 'ACTIVE', 60e3);
    // Keep it changing for a while: stop, start, stop, ...
    for (let on = true; Date.now() - start < WATCH_MS; on = !on) {
      await cloud.serverAction(other.id, { [on ? 'os-stop' : 'os-start']: null });
      await cloud.waitForServer(other.id, cloud.steady(on ? 'SHUTOFF' : 'ACTIVE'), on ? 'SHUTOFF' : 'ACTIVE', 60e3);
    }
  } finally {
    await cloud.deleteServer(other.id, { wait: false }).catch((e) => t.diagnostic(`cleanup: ${e.message}`));
  }
  const elapsed = Date.now() - start;
  const sent = nova.filter((e) => e.at >= start && e.at < start + elapsed);
  const allowed = Math.floor(elapsed / (QUICK.pollFastSeconds * 1e3)) + 1;
  t.diagnostic(`${sent.length} Nova requests in ${secs(elapsed)} s (at most ${allowed}): ${sent.map((e) => `+${secs(e.at - start)} ${e.status}`).join(', ')}`);
  assert.ok(sent.length >= 2, 'the page kept polling');
  assert.ok(sent.length <= allowed, `${sent.length} requests in ${secs(elapsed)} s: more than one per ${QUICK.pollFastSeconds} s`);
  await page.getByRole('heading', { level: 1, name: s.name, exact: true }).waitFor();
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
