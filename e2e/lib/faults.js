// Real faults for the panel (issue #13): the dev cloud's nova-api paused with SIGSTOP, and a
// config.json with a shorter request deadline for one page. Only processes the dev cloud
// recorded as its own (scripts/devcloud's run/*.pid, checked the same way as its own_pid) are
// ever signalled, and a paused one is always resumed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';

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
