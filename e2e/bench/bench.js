// Benchmark (issue #12): what a first load costs and what the live list costs afterwards,
// measured in headless Chromium against the real dev cloud. Prints a table of min/median/max
// over BENCH_RUNS runs; asserts nothing. Run it through scripts/bench (it builds the panel,
// holds the dev cloud's e2e lock and points nginx at dist/).
//   BENCH_RUNS=3 BENCH_SERVERS=30[,300,500] BENCH_IDLE_SECONDS=60 BENCH_BUILD_SECONDS=30 node bench/bench.js
import { gzipSync } from 'node:zlib';
import { BASE_URL, closeBrowser, login, newPage } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { NOVA, row, waitBadge } from '../lib/servers.js';
import { sleep } from '../lib/wait.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNTS = (process.env.BENCH_SERVERS ?? '30').split(',').map(Number);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const BUILD_SECONDS = Number(process.env.BENCH_BUILD_SECONDS ?? 30);
const prefix = (n) => `bench${n}`;
const listOf = (n) => `/servers?name=${encodeURIComponent(`^${prefix(n)}-`)}`;
const FIRST_ROW = 'table.servers tbody tr[data-server-id]';

// ---------------------------------------------------------------- measuring a page

// Marks (performance.now(), ms since the navigation started) the page sets itself, so the
// times do not include Playwright's polling: the login form usable (fields and an enabled
// "Log in" button), the form submitted, the first server row on screen.
function marks() {
  window.__bench = {};
  const mark = (k) => { if (!(k in window.__bench)) window.__bench[k] = performance.now(); };
  const check = () => {
    const button = [...document.querySelectorAll('button[type=submit]')]
      .find((b) => b.textContent.trim() === 'Log in' && !b.disabled);
    if (button && document.querySelector('input[type=password]')) mark('loginUsable');
    if (document.querySelector('table.servers tbody tr[data-server-id]')) mark('firstRow');
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('submit', () => mark('submitted'), true);
  // trunk's boot script announces the main wasm's exports (its linear memory among them)
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
}

// Every request the page makes, from CDP: { url, at (Date.now() when it was sent), bytes on
// the wire (encodedDataLength: headers + body as sent, compressed) }.
async function recordNetwork(page) {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map();
  const log = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = { method: e.request.method, url: e.request.url, at: Date.now(), bytes: 0 };
    byId.set(e.requestId, r);
    log.push(r);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  return log;
}

// The requests of `log` sent during the `seconds` from `from`, once their answers are in:
// how many and their bytes, per minute.
async function perMinute(log, from, seconds) {
  await sleep(seconds * 1e3);
  await sleep(1e3); // answers to the last requests still arriving
  // CORS preflights (OPTIONS, no body) are not counted: same-origin mode has none
  const sent = log.filter((r) => r.at >= from && r.at < from + seconds * 1e3 && r.method !== 'OPTIONS');
  if (process.env.BENCH_DEBUG === '1') for (const r of sent) console.error(`#   +${((r.at - from) / 1e3).toFixed(1)} s ${r.method} ${r.url} ${r.bytes} B`);
  return { requests: (sent.length * 60) / seconds, bytes: (sent.reduce((s, r) => s + r.bytes, 0) * 60) / seconds };
}

// wasm | js | css | api (any OpenStack call, either mode) | other (the HTML, config.json, icon)
const PANEL = new URL(BASE_URL).origin;
const API_PREFIX = /^\/(identity|compute|image|network|volume|placement)\//;
function kind(url) {
  const u = new URL(url);
  if (u.origin !== PANEL || API_PREFIX.test(u.pathname)) return 'api';
  const ext = u.pathname.match(/\.(wasm|js|css)$/);
  return ext ? ext[1] : 'other';
}
function bytesByKind(log) {
  const out = { wasm: 0, js: 0, css: 0, other: 0, api: 0, total: 0, requests: log.length };
  for (const r of log) { out[kind(r.url)] += r.bytes; out.total += r.bytes; }
  return out;
}

// gzip -9 of the panel's own files the page loaded (the way scripts/size counts them).
const gzipCache = new Map();
async function gzipByKind(log) {
  const out = { wasm: 0, js: 0, css: 0, total: 0 };
  for (const url of new Set(log.map((r) => r.url))) {
    const k = kind(url);
    if (!(k in out)) continue;
    if (!gzipCache.has(url)) {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      gzipCache.set(url, gzipSync(body, { level: 9 }).length);
    }
    out[k] += gzipCache.get(url);
    out.total += gzipCache.get(url);
  }
  return out;
}

// A page in a fresh context (cold cache, empty storage) that already holds `session`
// (sessionStorage "nephele.session", as a login leaves it).
async function loggedInPage(session) {
  const page = await newPage();
  await page.context().addInitScript((s) => {
    if (!sessionStorage.getItem('nephele.session')) sessionStorage.setItem('nephele.session', s);
  }, session);
  await page.context().addInitScript(marks);
  return page;
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await sleep(1e3);
}

// ---------------------------------------------------------------- one run

async function firstLoad(results, run) {
  // /login, cold
  const page = await newPage();
  await page.context().addInitScript(marks);
  const net = await recordNetwork(page);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Log in', exact: true }).waitFor();
  await settle(page);
  const loginBytes = bytesByKind(net);
  add(results, '/login cold: wire bytes (CDP), wasm', loginBytes.wasm, 'KiB');
  add(results, '/login cold: wire bytes (CDP), js', loginBytes.js, 'KiB');
  add(results, '/login cold: wire bytes (CDP), css', loginBytes.css, 'KiB');
  add(results, '/login cold: wire bytes (CDP), html+config+icon', loginBytes.other, 'KiB');
  add(results, '/login cold: wire bytes (CDP), total', loginBytes.total, 'KiB');
  if (run === 0) {
    const gz = await gzipByKind(net);
    add(results, '/login cold: gzip -9 of its wasm+js+css', gz.total, 'KiB');
  }
  add(results, '/login: navigation → login form usable', (await page.evaluate(() => window.__bench.loginUsable)) / 1e3, 's');

  // log in: the panel lands on the server list
  await login(page, {}, { wait: false });
  await page.locator(FIRST_ROW).first().waitFor({ timeout: 30e3 });
  const t = await page.evaluate(() => window.__bench);
  add(results, 'login submitted → first server row', (t.firstRow - t.submitted) / 1e3, 's');
  const session = await page.evaluate(() => sessionStorage.getItem('nephele.session'));
  await page.context().close();

  // /servers, cold cache, with a session
  const list = await loggedInPage(session);
  const listNet = await recordNetwork(list);
  await list.goto(listOf(COUNTS[0]));
  await list.locator(FIRST_ROW).first().waitFor({ timeout: 30e3 });
  await settle(list);
  const b = bytesByKind(listNet);
  add(results, `/servers cold (${COUNTS[0]} servers): wire bytes, wasm+js+css`, b.wasm + b.js + b.css, 'KiB');
  add(results, `/servers cold (${COUNTS[0]} servers): wire bytes, API answers`, b.api, 'KiB');
  add(results, `/servers cold (${COUNTS[0]} servers): wire bytes, total`, b.total, 'KiB');
  add(results, `/servers cold (${COUNTS[0]} servers): API requests (no preflights)`,
    listNet.filter((r) => kind(r.url) === 'api' && r.method !== 'OPTIONS').length, '');
  if (run === 0) {
    const gz = await gzipByKind(listNet);
    add(results, '/servers cold: gzip -9 of its wasm+js+css', gz.total, 'KiB');
  }
  add(results, '/servers cold: navigation → first row', (await list.evaluate(() => window.__bench.firstRow)) / 1e3, 's');
  await list.context().close();
  return session;
}

// One list page per server count, all watched during the same window with nothing changing.
async function idle(results, session) {
  const pages = [];
  for (const n of COUNTS) {
    const page = await loggedInPage(session);
    const net = await recordNetwork(page);
    await page.goto(listOf(n));
    await page.locator(FIRST_ROW).first().waitFor({ timeout: 60e3 });
    await settle(page);
    pages.push({ n, page, net });
  }
  const from = Date.now();
  const costs = await Promise.all(pages.map(({ net }) => perMinute(net, from, IDLE_SECONDS)));
  pages.forEach(({ n }, i) => {
    add(results, `idle list, ${n} servers: requests per minute`, costs[i].requests, '');
    add(results, `idle list, ${n} servers: wire bytes per minute`, costs[i].bytes, 'KiB');
  });
  for (const { page } of pages) await page.context().close();
}

// DOM mutations in the table body while one server goes ACTIVE → SHUTOFF (seen at the
// next poll), on the list of the largest count. Leaves the server ACTIVE again.
async function mutations(results, session) {
  const n = COUNTS.at(-1);
  const page = await loggedInPage(session);
  await page.goto(listOf(n));
  await page.locator(FIRST_ROW).first().waitFor({ timeout: 60e3 });
  await settle(page);
  // a row on the page shown (the list's first page, newest first, not the first names)
  const shown = await page.locator(FIRST_ROW).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-server-id')));
  const target = { id: shown[Math.min(6, shown.length - 1)] };
  await page.evaluate(() => {
    window.__mutations = { records: 0, outside: 0 };
    window.__observer = new MutationObserver((records) => {
      for (const m of records) {
        const node = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
        window.__mutations.records++;
        if (node?.closest('tr[data-server-id]')?.getAttribute('data-server-id') !== window.__target) window.__mutations.outside++;
      }
    });
    window.__observer.observe(document.querySelector('table.servers tbody'),
      { subtree: true, attributes: true, childList: true, characterData: true });
  });
  await page.evaluate((id) => { window.__target = id; }, target.id);
  await cloud.serverAction(target.id, { 'os-stop': null });
  await waitBadge(page, target.id, 'SHUTOFF', 60e3);
  await sleep(1e3); // anything the same poll still renders
  const m = await page.evaluate(() => { window.__observer.disconnect(); return window.__mutations; });
  add(results, `one of ${n} servers changes status: DOM mutation records`, m.records, '');
  add(results, `one of ${n} servers changes status: mutations outside its row`, m.outside, '');
  await page.context().close();
  await cloud.serverAction(target.id, { 'os-start': null });
  await cloud.waitForServer(target.id, cloud.steady('ACTIVE'), 'started again', 60e3);
}

// The list at the largest server count with the largest "Per page" (500): navigation → every
// row of the page on screen, then, after a garbage collection, the wasm linear memory and the
// JS heap.
async function bigPage(results, session) {
  const n = COUNTS.at(-1);
  const page = await loggedInPage(session);
  await page.goto(listOf(n));
  await page.locator(FIRST_ROW).first().waitFor({ timeout: 60e3 });
  const size = Math.max(...await page.locator('#page-size option').evaluateAll((os) => os.map((o) => Number(o.value))));
  await page.context().close();

  const rows = Math.min(n, size);
  const big = await loggedInPage(session);
  await big.goto(`${listOf(n)}&limit=${size}`);
  await big.waitForFunction(({ sel, k }) => document.querySelectorAll(sel).length >= k, { sel: FIRST_ROW, k: rows },
    { polling: 'raf', timeout: 120e3 });
  const shown = await big.evaluate(() => performance.now());
  await settle(big);
  const cdp = await big.context().newCDPSession(big);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const wasm = await big.evaluate(() => window.__wasm.memory.buffer.byteLength);
  add(results, `${rows}-row page (${n} servers, ${size} per page): navigation → every row`, shown / 1e3, 's');
  add(results, `${rows}-row page: wasm linear memory`, wasm, 'MiB');
  add(results, `${rows}-row page: JS heap used`, metrics.find((m) => m.name === 'JSHeapUsedSize').value, 'MiB');
  await big.context().close();
}

// Requests while one server builds. The fake driver builds in 2-3 s, less than one fast poll
// interval, so the page is shown the server as BUILD for the whole window: its Nova answers
// keep that server's status BUILD/spawning (everything else in them is the real answer).
async function building(results, session) {
  const name = `${prefix('build')}-1`;
  const { id } = await cloud.createServer(name);
  try {
    const page = await loggedInPage(session);
    await page.route(NOVA, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      if (!text.includes(id)) { await route.fulfill({ response }); return; }
      const json = JSON.parse(text);
      for (const s of json.servers ?? [json.server]) {
        if (s?.id === id) Object.assign(s, { status: 'BUILD', 'OS-EXT-STS:task_state': 'spawning' });
      }
      const { 'content-length': _, ...headers } = response.headers();
      await route.fulfill({ response, headers, json });
    });
    const net = await recordNetwork(page);
    await page.goto(listOf('build'));
    await row(page, id).waitFor({ timeout: 60e3 });
    const cost = await perMinute(net, Date.now(), BUILD_SECONDS);
    add(results, 'one server building: requests per minute', cost.requests, '');
    add(results, 'one server building: wire bytes per minute', cost.bytes, 'KiB');
    await page.context().close();
  } finally {
    await cloud.deleteServer(id, { wait: false });
  }
}

// ---------------------------------------------------------------- figures

function add(results, figure, value, unit) {
  if (!results.has(figure)) results.set(figure, { unit, values: [] });
  results.get(figure).values.push(value / ({ KiB: 1024, MiB: 1024 * 1024 }[unit] ?? 1));
}

function table(results) {
  const fmt = (v, unit) => (unit === 's' ? v.toFixed(2) : unit.endsWith('iB') ? v.toFixed(1) : String(Math.round(v * 10) / 10));
  const lines = [`| figure | unit | min | median | max | runs |`, `|---|---|---:|---:|---:|---:|`];
  for (const [figure, { unit, values }] of results) {
    const v = [...values].sort((a, b) => a - b);
    const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    lines.push(`| ${figure} | ${unit} | ${fmt(v[0], unit)} | ${fmt(median, unit)} | ${fmt(v.at(-1), unit)} | ${v.length} |`);
  }
  return lines.join('\n');
}

await cloud.lockCloud();
const setupStart = Date.now();
for (const n of COUNTS) {
  const t0 = Date.now();
  await cloud.ensureServers(n, prefix(n));
  console.error(`# ${n} servers ready in ${((Date.now() - t0) / 1e3).toFixed(0)} s`);
}
const results = new Map();
try {
  for (let run = 0; run < RUNS; run++) {
    const t0 = Date.now();
    const session = await firstLoad(results, run);
    await idle(results, session);
    await mutations(results, session);
    await bigPage(results, session);
    await building(results, session);
    // changes-since reaches a few seconds back: let the restarted server age before the next idle window
    await sleep(6e3);
    console.error(`# run ${run + 1}/${RUNS} took ${((Date.now() - t0) / 1e3).toFixed(0)} s`);
  }
} finally {
  await closeBrowser();
}
console.log(`\nnephele bench: ${BASE_URL} (${process.env.E2E_MODE ?? 'cors'}), ${RUNS} runs, `
  + `idle window ${IDLE_SECONDS} s, build window ${BUILD_SECONDS} s, set-up ${((Date.now() - setupStart) / 1e3).toFixed(0)} s in all\n`);
console.log(table(results));
if (process.env.BENCH_KEEP_SERVERS !== '1') await cloud.cleanProject();
