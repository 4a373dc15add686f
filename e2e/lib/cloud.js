// The real dev cloud (scripts/devcloud), called with Node's fetch: no mocks. Tests use it to
// set the stage (servers, images) and to check what the panel shows against the APIs.
// Everything acts as the demo user in the demo project unless told otherwise.

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';

export const KEYSTONE = process.env.NEPHELE_KEYSTONE ?? 'http://127.0.0.1:5000/v3';
export const DEMO = { user: 'demo', password: 'demo-secret', project: 'demo', domain: 'Default' };
// The newest Nova microversion ("compute 2.latest" is refused with 400).
const COMPUTE_VERSION = 'compute latest';
// Kept on purpose by cleanProject: the seeded snapshot the image tests expect.
const KEEP_IMAGES = new Set(['demo-snapshot']);

export class CloudError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} -> ${status}: ${body.slice(0, 500)}`);
    this.status = status;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One HTTP call. Returns the parsed JSON body (or null); throws CloudError on a status not in
// `ok` (default: any 2xx).
async function call(method, url, { token, body, headers = {}, ok } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (token) h['X-Auth-Token'] = token;
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const good = ok ? ok.includes(res.status) : res.ok;
  if (!good) throw new CloudError(method, url, res.status, text);
  const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null;
  return Object.assign(json ?? {}, { $status: res.status, $headers: res.headers });
}

// Keystone v3 password auth, scoped to a project. Returns the token and the catalog's public
// endpoints: { token, expiresAt, userId, projectId, identity, compute, image, network }.
export async function token(user = DEMO.user, password = DEMO.password, project = DEMO.project) {
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: DEMO.domain }, password } },
      },
      scope: { project: { name: project, domain: { name: DEMO.domain } } },
    },
  };
  const r = await call('POST', `${KEYSTONE}/auth/tokens`, { body });
  const t = r.token;
  const endpoint = (type) => {
    const svc = t.catalog.find((s) => s.type === type);
    const ep = svc?.endpoints.find((e) => e.interface === 'public');
    return ep?.url.replace(/\/$/, '');
  };
  return {
    token: r.$headers.get('x-subject-token'),
    expiresAt: t.expires_at,
    userId: t.user.id,
    projectId: t.project.id,
    identity: endpoint('identity'),
    compute: endpoint('compute'),
    image: endpoint('image'),
    network: endpoint('network'),
  };
}

// The demo session, renewed when less than 10 minutes are left.
let demoSession;
async function demo() {
  if (!demoSession || Date.parse(demoSession.expiresAt) - Date.now() < 10 * 60e3) {
    demoSession = await token();
  }
  return demoSession;
}

// HTTP status of validating `tok` with itself: 200 while valid, 401/404 once revoked.
export async function tokenStatus(tok) {
  const r = await fetch(`${KEYSTONE}/auth/tokens`, {
    headers: { 'X-Auth-Token': tok, 'X-Subject-Token': tok },
  });
  await r.arrayBuffer();
  return r.status;
}

async function nova(method, path, opts = {}) {
  const s = await demo();
  return call(method, s.compute + path, {
    token: s.token,
    ...opts,
    headers: { 'OpenStack-API-Version': COMPUTE_VERSION, ...opts.headers },
  });
}
async function glance(method, path, opts = {}) {
  const s = await demo();
  return call(method, `${s.image}/v2${path}`, { token: s.token, ...opts });
}

// GET /limits: the "absolute" part (maxTotalInstances, totalInstancesUsed, ...).
export async function limits() {
  return (await nova('GET', '/limits')).limits.absolute;
}

export async function imageId(name) {
  const r = await glance('GET', `/images?name=${encodeURIComponent(name)}`);
  if (!r.images.length) throw new Error(`no image named ${name} in the dev cloud`);
  return r.images[0].id;
}

export async function listServers(query = '') {
  return (await nova('GET', `/servers/detail?limit=1000${query}`)).servers;
}

// Soft-deleted servers (see servers-soft-delete.test.js): Nova's list shows them to their
// owner only through changes-since.
export async function listSoftDeleted() {
  return listServers('&status=SOFT_DELETED&changes-since=1970-01-01T00:00:00Z');
}

export async function getServer(id) {
  return (await nova('GET', `/servers/${id}`)).server;
}

function serverBody(name, { flavorRef = '42', imageRef, networks = 'none', ...rest }) {
  return { server: { name, flavorRef, imageRef, networks, ...rest } };
}

// Boot one m1.nano server from tiny-raw without networks; returns { id, ... } at once (BUILD).
export async function createServer(name, opts = {}) {
  const imageRef = opts.imageRef ?? (await imageId('tiny-raw'));
  return (await nova('POST', '/servers', { body: serverBody(name, { ...opts, imageRef }) })).server;
}

// Poll until the server has `status`; fails early on ERROR (unless that is the goal).
export async function waitForStatus(id, status, timeoutMs = 120e3) {
  const end = Date.now() + timeoutMs;
  let s;
  for (;;) {
    s = await getServer(id);
    if (s.status === status) return s;
    if (s.status === 'ERROR') throw new Error(`server ${id} went to ERROR: ${JSON.stringify(s.fault ?? {})}`);
    if (Date.now() > end) throw new Error(`server ${id} still ${s.status} after ${timeoutMs} ms (wanted ${status})`);
    await sleep(500);
  }
}

async function waitUntilGone(ids, timeoutMs = 180e3) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const left = (await listServers()).filter((s) => ids === null || ids.includes(s.id));
    if (!left.length) return;
    if (Date.now() > end) {
      throw new Error(`servers not deleted after ${timeoutMs} ms: ${left.map((s) => `${s.name}(${s.status})`).join(', ')}`);
    }
    await sleep(500);
  }
}

// Delete a server (unlocking it first if needed); with wait, until Nova no longer lists it.
export async function deleteServer(id, { wait = true } = {}) {
  const del = () => nova('DELETE', `/servers/${id}`, { ok: [204, 404] });
  try {
    await del();
  } catch (e) {
    if (e.status !== 409) throw e; // 409: locked, or another task still running
    await nova('POST', `/servers/${id}/action`, { body: { unlock: null }, ok: [202, 404, 409] });
    await del().catch((e2) => { if (e2.status !== 409) throw e2; });
  }
  if (wait) await waitUntilGone([id]);
}

// Boot n servers in one request (named `${prefix}-1` ... `${prefix}-n` by Nova) and wait for
// all to be ACTIVE. Returns them sorted by name.
export async function createServers(n, prefix, opts = {}) {
  const l = await limits();
  if (l.maxTotalInstances >= 0 && l.maxTotalInstances - l.totalInstancesUsed < n) {
    throw new Error(`demo's instance quota allows ${l.maxTotalInstances - l.totalInstancesUsed} more servers, `
      + `not ${n}: run scripts/devcloud up --big-quotas`);
  }
  const imageRef = opts.imageRef ?? (await imageId('tiny-raw'));
  const body = serverBody(prefix, { ...opts, imageRef, min_count: n, max_count: n, return_reservation_id: true });
  const { reservation_id: rid } = await nova('POST', '/servers', { body });
  const end = Date.now() + 60e3 + n * 10e3;
  for (;;) {
    const servers = await listServers(`&reservation_id=${rid}`);
    const bad = servers.filter((s) => s.status === 'ERROR');
    if (bad.length) throw new Error(`${bad.length} of ${n} servers went to ERROR: ${JSON.stringify(bad[0].fault ?? {})}`);
    if (servers.length === n && servers.every((s) => s.status === 'ACTIVE')) {
      return servers.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    }
    if (Date.now() > end) {
      const active = servers.filter((s) => s.status === 'ACTIVE').length;
      throw new Error(`only ${active} of ${n} servers ACTIVE in time`);
    }
    await sleep(1000);
  }
}

// Test runs share the dev cloud's demo project (several developers, one machine): a second
// run creating and deleting servers makes the first one fail. So a test file holds an
// exclusive lock on the cloud from its cleanProject() until it exits: a `flock` child that
// keeps the lock while this process keeps its stdin open. Runs under `flock <lock> ...` or
// scripts/test already hold it (an ancestor has the file open): then there is nothing to do.
const LOCK_DIR = process.env.NEPHELE_DEVCLOUD_STATE ?? `${homedir()}/.local/state/nephele-devcloud`;
let locked;
export function lockCloud() {
  locked ??= new Promise((resolve, reject) => {
    mkdirSync(LOCK_DIR, { recursive: true });
    const lock = `${realpathSync(LOCK_DIR)}/e2e.lock`;
    if (heldByAncestor(lock)) { resolve(); return; }
    const holder = spawn('flock', ['-x', '-w', '1800', lock, 'sh', '-c', 'echo locked; exec cat > /dev/null'],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = setTimeout(() => console.error(`# waiting for another e2e run (${lock})`), 1000);
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`no e2e lock on the dev cloud after 30 min (flock: ${code})`)));
    holder.stdout.once('data', () => {
      clearTimeout(waiting);
      // let this process exit while the holder runs; exiting closes its stdin and the lock
      holder.unref();
      holder.stdin.unref();
      holder.stdout.unref();
      resolve();
    });
  });
  return locked;
}

// Has this process or one of its ancestors `file` open? (Linux /proc)
function heldByAncestor(file) {
  for (let pid = process.pid; pid > 1;) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try { if (readlinkSync(`/proc/${pid}/fd/${fd}`) === file) return true; } catch { /* fd closed meanwhile */ }
      }
      // /proc/PID/stat: "PID (comm) STATE PPID ..."
      pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
    } catch {
      return false; // another user's process: not ours
    }
  }
  return false;
}

// Start every test file from the same demo project: no servers, no keypairs, and no images
// owned by demo but the seeded demo-snapshot. Waits until the servers are really gone.
// Takes the cloud's e2e lock first (see lockCloud).
export async function cleanProject() {
  await lockCloud();
  const servers = [...await listServers(), ...await listSoftDeleted()];
  for (const s of servers) await deleteServer(s.id, { wait: false });

  const { keypairs } = await nova('GET', '/os-keypairs');
  for (const { keypair } of keypairs) {
    await nova('DELETE', `/os-keypairs/${encodeURIComponent(keypair.name)}`, { ok: [202, 204, 404] });
  }

  const { projectId } = await demo();
  const { images } = await glance('GET', `/images?owner=${projectId}&limit=1000`);
  for (const img of images.filter((i) => !KEEP_IMAGES.has(i.name))) {
    if (img.protected) {
      await glance('PATCH', `/images/${img.id}`, {
        body: [{ op: 'replace', path: '/protected', value: false }],
        headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
      });
    }
    await glance('DELETE', `/images/${img.id}`, { ok: [204, 404] });
  }

  await waitUntilGone(null);
}
