// Real faults for the panel (issue #13): the dev cloud's nova-api paused with SIGSTOP or
// stopped, nginx's rate limit in front of Nova, and a config.json with a shorter request
// deadline for one page. Only processes the dev cloud recorded as its own (scripts/devcloud's
// run/*.pid, checked the same way as its own_pid) are ever signalled, and a paused or stopped
// one is always resumed or started again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { waitUntil } from './wait.js';

const STATE = process.env.NEPHELE_DEVCLOUD_STATE ?? `${homedir()}/.local/state/nephele-devcloud`;

const parentOf = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);

// The dev cloud's nova-api on 127.0.0.1:8774: its uwsgi master (run/nova-api.pid, running
// `uwsgi ... nova-api.ini`) and the workers it forked.
export function novaApiPids() {
  const master = Number(readFileSync(`${STATE}/run/nova-api.pid`, 'utf8').replace(/\D/g, ''));
  const cmdline = readFileSync(`/proc/${master}/cmdline`, 'utf8').replaceAll('\0', ' ');
  assert.match(cmdline, /uwsgi.*nova-api\.ini/, `run/nova-api.pid (${master}) is not the dev cloud's nova-api`);
  const ini = readFileSync(`${STATE}/etc/uwsgi/nova-api.ini`, 'utf8');
  assert.match(ini, /^http-socket = 127\.0\.0\.1:8774$/m, 'the dev cloud nova-api listens on 127.0.0.1:8774');
  const workers = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try { return parentOf(pid) === master; } catch { return false; } // gone meanwhile
  });
  return [master, ...workers];
}

// Run fn() while nova-api is paused (SIGSTOP): it keeps its socket, so connections are taken
// and never answered, as a hung API does. SIGCONT follows whatever happens: in `finally`, at
// process exit, and from a watchdog after `maxMs` should this process die first.
export async function withNovaPaused(fn, maxMs = 60e3) {
  const pids = novaApiPids();
  const resume = () => {
    for (const pid of pids) {
      try { process.kill(pid, 'SIGCONT'); } catch { /* already gone */ }
    }
  };
  const watchdog = spawn('sh', ['-c', `sleep ${Math.ceil(maxMs / 1000)}; kill -CONT ${pids.join(' ')} 2>/dev/null`],
    { detached: true, stdio: 'ignore' });
  watchdog.unref();
  process.once('exit', resume);
  try {
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    return await fn();
  } finally {
    resume();
    process.removeListener('exit', resume);
    try { process.kill(-watchdog.pid, 'SIGTERM'); } catch { /* it has finished */ }
  }
}

// Serve this page the deployment's config.json with `overrides` merged in (e.g. a shorter
// requestTimeoutSeconds), without touching the file itself. Call before the first goto.
export async function withConfig(page, overrides) {
  await page.route((url) => url.pathname.endsWith('/config.json'), async (route) => {
    const response = await route.fetch();
    const config = { ...(await response.json()), ...overrides };
    await route.fulfill({ status: response.status(), contentType: 'application/json', body: JSON.stringify(config) });
  });
}

const NOVA_URL = 'http://127.0.0.1:8774/';
// How scripts/devcloud's start_uwsgi starts nova-api (uwsgi writes run/nova-api.pid itself).
const NOVA_START = [`${STATE}/venv/bin/uwsgi`, '--ini', `${STATE}/etc/uwsgi/nova-api.ini`,
  '--daemonize2', `${STATE}/logs/nova-api.uwsgi.log`];

// Does anything answer on Nova's port? (false: connection refused)
async function novaListening() {
  try {
    await fetch(NOVA_URL, { signal: AbortSignal.timeout(5e3) });
    return true;
  } catch {
    return false;
  }
}

// Start nova-api again if nothing listens on its port, and wait until it answers.
export async function startNovaApi() {
  if (!(await novaListening())) {
    const child = spawn(NOVA_START[0], NOVA_START.slice(1), { detached: true, stdio: 'ignore' });
    await new Promise((resolve, reject) => {
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`uwsgi exited with ${code}`))));
      child.on('error', reject);
    });
  }
  await waitUntil(novaListening, 'nova-api answering again on 127.0.0.1:8774', 90e3);
}

// Run fn() while nova-api is stopped (SIGTERM to its uwsgi master, which has die-on-term):
// nothing listens on 127.0.0.1:8774, so connections are refused (and nginx answers 502 for it).
// It is started again whatever happens: after fn, and from a watchdog after `maxMs` should
// this process die first. fn(signalledAt) gets when nova-api was told to stop (Date.now()).
export async function withNovaDown(fn, maxMs = 120e3) {
  const pids = novaApiPids();
  const start = NOVA_START.map((a) => `'${a}'`).join(' ');
  const watchdog = spawn('sh', ['-c', `sleep ${Math.ceil(maxMs / 1000)}; curl -s -o /dev/null --max-time 5 ${NOVA_URL} || ${start}`],
    { detached: true, stdio: 'ignore' });
  watchdog.unref();
  try {
    const signalledAt = Date.now();
    process.kill(pids[0], 'SIGTERM');
    await waitUntil(async () => !(await novaListening()) && pids.every((pid) => {
      try { process.kill(pid, 0); return false; } catch { return true; }
    }), 'nova-api to stop', 30e3);
    return await fn(signalledAt);
  } finally {
    try { process.kill(-watchdog.pid, 'SIGTERM'); } catch { /* it has finished */ }
    await startNovaApi();
  }
}

// nginx's rate limit in front of Nova on the same-origin panel at LIMITED_URL (scripts/devcloud
// writes it): a browser context with the cookie nephele_e2e_limit gets one /compute/ request a
// minute per cookie value, the rest answered 429 with Retry-After: the value of the cookie
// nephele_e2e_retry_after. Without the cookie nothing is limited.
export const LIMITED_URL = 'http://127.0.0.1:8082';
export async function rateLimitNova(context, retryAfterSecs) {
  const cookie = (name, value) => ({ name, value, domain: '127.0.0.1', path: '/' });
  await context.addCookies([
    cookie('nephele_e2e_limit', `${process.pid}-${Date.now()}`),
    cookie('nephele_e2e_retry_after', String(retryAfterSecs)),
  ]);
}
export async function liftRateLimit(context) {
  await context.clearCookies();
}
