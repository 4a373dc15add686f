// Waiting on conditions, never on fixed sleeps alone.
import assert from 'node:assert/strict';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Wait until `cond()` (sync or async) is true, checking every 100 ms.
export async function waitUntil(cond, what, timeoutMs = 30e3) {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
