// Probe (issue #8): does a list left open all day grow? Opens the server list, then creates and
// deletes ROUNDS x BATCH servers through the API (the list shows each batch appear and go by
// polling), and prints the wasm module's linear memory (Rust allocations and Leptos' signals
// live there) and the JS heap after a forced GC, at the start and after every few rounds.
// Needs the dev cloud and the release build served (scripts/devcloud up --nginx); run with
//   node e2e/probes/list-memory.js [ROUNDS] [BATCH]        (default 20 x 10 = 200 servers)
// Prints figures; asserts nothing.
import { login, newPage, closeBrowser, problemList } from '../lib/browser.js';
import * as cloud from '../lib/cloud.js';
import { waitUntil } from '../lib/wait.js';

const ROUNDS = Number(process.argv[2] ?? 20);
const BATCH = Number(process.argv[3] ?? 10);
const PREFIX = 'mem';

await cloud.cleanProject();
const page = await newPage();
// trunk's boot script announces the started module; keep its memory where the probe can read it
await page.context().addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
});
await login(page);
await page.goto(`/servers?name=${encodeURIComponent(`^${PREFIX}-`)}`);
await page.locator('p.empty').waitFor({ timeout: 30e3 });
const cdp = await page.context().newCDPSession(page);
const rows = () => page.locator('table.servers tbody tr[data-server-id]').count();

async function measure(label, servers) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const linear = await page.evaluate(() => window.__wasmMemory.buffer.byteLength);
  console.log(`${label.padEnd(10)} ${String(servers).padStart(6)} ${(linear / 2 ** 20).toFixed(2).padStart(12)} ${(usedSize / 2 ** 20).toFixed(2).padStart(14)}`);
}

console.log('moment     servers  linear (MiB)  JS heap (MiB)');
await measure('start', 0);
const t0 = Date.now();
try {
  for (let i = 1; i <= ROUNDS; i++) {
    const made = await cloud.createServers(BATCH, `${PREFIX}-${i}`);
    await waitUntil(async () => (await rows()) === BATCH, `the list to show batch ${i}`, 90e3);
    for (const s of made) await cloud.deleteServer(s.id, { wait: false });
    await waitUntil(async () => (await rows()) === 0, `the list to lose batch ${i}`, 120e3);
    if (i % 5 === 0 || i === ROUNDS) await measure(`round ${i}`, i * BATCH);
  }
} catch (e) {
  console.log(`${e.message}; the list shows ${await rows()} rows`);
  for (const line of problemList(page)) console.log(line);
  await page.screenshot({ path: '/tmp/list-memory-failed.png' });
  throw e;
}
console.log(`${ROUNDS * BATCH} servers came and went in ${((Date.now() - t0) / 60e3).toFixed(1)} min`);
await cloud.cleanProject();
await closeBrowser();
