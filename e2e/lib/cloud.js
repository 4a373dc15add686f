// The real dev cloud (scripts/devcloud), called with Node's fetch: no mocks. Tests use it to
// set the stage (servers, images) and to check what the panel shows against the APIs. Every
// call to the cloud the tests make is here; page helpers live in browser.js and servers.js.
// Everything acts as the e2e user in the e2e project, the tests' own (the dev cloud's seed
// makes them): the demo project belongs to whoever runs scripts/demo and is never touched.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { sleep } from './wait.js';

export const KEYSTONE = process.env.NEPHELE_KEYSTONE ?? 'http://127.0.0.1:5000/v3';
export const ACCOUNT = { user: 'e2e', password: 'e2e-secret', project: 'e2e', domain: 'Default' };
// The newest Nova microversion ("compute 2.latest" is refused with 400).
const COMPUTE_VERSION = 'compute latest';
// Kept on purpose by cleanProject: the seeded snapshot the image tests expect.
const KEEP_IMAGES = new Set([`${ACCOUNT.project}-snapshot`]);

export class CloudError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} -> ${status}: ${body.slice(0, 500)}`);
    this.status = status;
  }
}

// One HTTP call. Returns the parsed JSON body (or {}) with $status and $headers; throws
// CloudError on a status not in `ok` (default: any 2xx).
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
export async function token(user = ACCOUNT.user, password = ACCOUNT.password, project = ACCOUNT.project) {
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: ACCOUNT.domain }, password } },
      },
      scope: { project: { name: project, domain: { name: ACCOUNT.domain } } },
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

// The account's session, renewed when less than 10 minutes are left.
let accountSession;
async function session() {
  if (!accountSession || Date.parse(accountSession.expiresAt) - Date.now() < 10 * 60e3) {
    accountSession = await token();
  }
  return accountSession;
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
  const s = await session();
  return call(method, s.compute + path, {
    token: s.token,
    ...opts,
    headers: { 'OpenStack-API-Version': COMPUTE_VERSION, ...opts.headers },
  });
}
async function glance(method, path, opts = {}) {
  const s = await session();
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

// Poll until `pred(server)` holds (server is null once it is gone); returns the last server
// seen. Fails on timeout with what the server looked like.
export async function waitForServer(id, pred, what, timeoutMs = 60e3) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await nova('GET', `/servers/${id}`, { ok: [200, 404] });
    const s = r.$status === 404 ? null : r.server;
    if (pred(s)) return s;
    if (Date.now() > end) {
      assert.fail(`server ${id}: not ${what} after ${timeoutMs} ms; it is ${s ? `${s.status}/${s['OS-EXT-STS:task_state']}` : 'gone'}`);
    }
    await sleep(300);
  }
}

// Steady in `status`: no task running.
export const steady = (status) => (s) => s?.status === status && !s['OS-EXT-STS:task_state'];

// POST /servers/{id}/action with `body` (e.g. { 'os-stop': null }); fails unless 2xx.
export async function serverAction(id, body) {
  return nova('POST', `/servers/${id}/action`, { body });
}

// The server's instance actions, newest first, each with its events when `withEvents`.
export async function instanceActions(id, { withEvents = false } = {}) {
  const actions = (await nova('GET', `/servers/${id}/os-instance-actions`)).instanceActions;
  if (withEvents) {
    for (const a of actions) {
      const d = await nova('GET', `/servers/${id}/os-instance-actions/${a.request_id}`, { ok: [200, 404] });
      a.events = d.instanceAction?.events ?? [];
    }
  }
  return actions;
}

export async function findImages(name) {
  return (await glance('GET', `/images?name=${encodeURIComponent(name)}`)).images;
}

export async function deleteImage(id) {
  await glance('DELETE', `/images/${id}`, { ok: [204, 404] });
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

// One ACTIVE m1.nano server from tiny-raw, without networks; waits until Nova is done with it.
export async function activeServer(name) {
  const s = await createServer(name);
  await waitForServer(s.id, steady('ACTIVE'), 'ACTIVE', 60e3);
  return s;
}

// `n` ACTIVE servers named `${prefix}-1`...`${prefix}-n`, reused when the project already has
// exactly those, steady; otherwise (re)created. Returns them sorted by name.
export async function ensureServers(n, prefix) {
  const re = new RegExp(`^${prefix}-\\d+$`);
  const have = (await listServers()).filter((s) => re.test(s.name));
  const names = new Set(have.map((s) => s.name));
  if (have.length === n && names.size === n && have.every((s) => steady('ACTIVE')(s))) {
    return have.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  }
  for (const s of have) await deleteServer(s.id, { wait: false });
  for (const s of have) await waitForServer(s.id, (x) => x === null, 'deleted', 120e3);
  const made = await createServers(n, prefix);
  // changes-since reaches 5 s back: let the last updates age before a test measures polls
  await sleep(6e3);
  return made;
}

// Boot n servers in one request (named `${prefix}-1` ... `${prefix}-n` by Nova) and wait for
// all to be ACTIVE. Returns them sorted by name.
export async function createServers(n, prefix, opts = {}) {
  const l = await limits();
  if (l.maxTotalInstances >= 0 && l.maxTotalInstances - l.totalInstancesUsed < n) {
    throw new Error(`the ${ACCOUNT.project} project's instance quota allows ${l.maxTotalInstances - l.totalInstancesUsed} `
      + `more servers, not ${n} (scripts/devcloud's seed sets it to 1000)`);
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

// Test runs share the dev cloud's e2e project (several developers, one machine): a second
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

// Start every test file from the same e2e project: no servers, no keypairs, and no images
// but the seeded snapshot. Waits until the servers are really gone.
// Takes the cloud's e2e lock first (see lockCloud).
export async function cleanProject() {
  await lockCloud();
  const servers = [...await listServers(), ...await listSoftDeleted()];
  for (const s of servers) await deleteServer(s.id, { wait: false });

  const { keypairs } = await nova('GET', '/os-keypairs');
  for (const { keypair } of keypairs) {
    await nova('DELETE', `/os-keypairs/${encodeURIComponent(keypair.name)}`, { ok: [202, 204, 404] });
  }

  const { projectId } = await session();
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

  // The fake driver deletes ~30 servers a minute on 2 cores: give a bench's 500 the time.
  await waitUntilGone(null, Math.max(180e3, servers.length * 3e3));
}

// ---------------------------------------------------------------- server create (issue #9)

async function neutron(method, path, opts = {}) {
  const s = await session();
  return call(method, `${s.network}/v2.0${path}`, { token: s.token, ...opts });
}

// The network named `name` the e2e project sees, with its subnets: { id, subnets: [{ cidr }] }.
export async function networkNamed(name) {
  const { networks } = await neutron('GET', `/networks?name=${encodeURIComponent(name)}`);
  if (!networks.length) throw new Error(`no network named ${name} in the dev cloud`);
  const { subnets } = await neutron('GET', `/subnets?network_id=${networks[0].id}`);
  return { ...networks[0], subnets };
}

// A key pair imported from a fixed public key (Nova stopped generating them at 2.92): the
// stage for choosing one.
const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILeAR0jlRgUxkDXqUjDIisqSeUwiIuOB+tin4Za4PC95 e2e';
export async function createKeypair(name) {
  return (await nova('POST', '/os-keypairs', { body: { keypair: { name, public_key: PUBLIC_KEY } } })).keypair;
}

// An active raw image of the e2e project (4 KiB of zeros), with Glance `props` (min_disk,
// min_ram, ...).
export async function createImage(name, props = {}) {
  const image = await createImageRecord(name, { visibility: 'private', ...props });
  await uploadImageData(image.id, new Uint8Array(4096));
  return image;
}

// GET /servers/{id} as the cloud's admin: only admins see the user data
// (OS-EXT-SRV-ATTR:user_data, Base64).
let adminSession;
export async function getServerAsAdmin(id) {
  adminSession ??= await token('admin', 'admin-secret', 'admin');
  return (await call('GET', `${adminSession.compute}/servers/${id}`, {
    token: adminSession.token,
    headers: { 'OpenStack-API-Version': COMPUTE_VERSION },
  })).server;
}

// The account's key pairs as Nova lists them: [{ name, type, fingerprint, public_key }].
export async function listKeypairs() {
  return (await nova('GET', '/os-keypairs')).keypairs.map((k) => k.keypair);
}

// One key pair by name, or null when Nova has none of that name.
export async function getKeypair(name) {
  const r = await nova('GET', `/os-keypairs/${encodeURIComponent(name)}`, { ok: [200, 404] });
  return r.$status === 404 ? null : r.keypair;
}

// ---------------------------------------------------------------- metadata (issue #10)

// GET /servers/{id}/metadata: the server's metadata object.
export async function serverMetadata(id) {
  return { ...(await nova('GET', `/servers/${id}/metadata`)).metadata };
}

// PUT /servers/{id}/metadata: the server's metadata becomes exactly `metadata`.
export async function setServerMetadata(id, metadata) {
  await nova('PUT', `/servers/${id}/metadata`, { body: { metadata } });
}

// A queued image (a record without data) owned by the e2e project, with `fields`
// (properties, protected...).
export async function createImageRecord(name, fields = {}) {
  return glance('POST', '/images', { body: { name, disk_format: 'raw', container_format: 'bare', ...fields } });
}

// PATCH /v2/images/{id} with JSON-patch `operations`.
export async function patchImage(id, operations) {
  return glance('PATCH', `/images/${id}`, {
    body: operations,
    headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
  });
}

// ---------------------------------------------------------------- images (issue #11)

// PUT /v2/images/{id}/file with `data` (a Buffer): what an upload, or Nova's driver after a
// snapshot, sends. The image becomes active.
export async function uploadImageData(id, data) {
  const s = await session();
  const res = await fetch(`${s.image}/v2/images/${id}/file`, {
    method: 'PUT',
    headers: { 'X-Auth-Token': s.token, 'Content-Type': 'application/octet-stream' },
    body: data,
  });
  const text = await res.text();
  if (res.status !== 204) throw new CloudError('PUT', `${s.image}/v2/images/${id}/file`, res.status, text);
}

// The image, or null once it is gone.
export async function getImage(id) {
  const r = await glance('GET', `/images/${id}`, { ok: [200, 404] });
  return r.$status === 404 ? null : r;
}

// Every image GET /v2/images lists with `query` (Glance's default visibility), following
// its next links.
export async function listAllImages(query = '') {
  const all = [];
  let path = `/images?limit=200${query}`;
  for (;;) {
    const r = await glance('GET', path);
    all.push(...r.images);
    if (!r.next) return all;
    path = r.next.replace(/^\/v2/, '');
  }
}

// An image of the admin project shared with the e2e project, accepted by it (Glance lists
// shared images to a member only once accepted). Delete it with deleteAdminImage.
export async function sharedImage(name) {
  const admin = await token('admin', 'admin-secret', 'admin');
  const { projectId } = await session();
  const opts = { token: admin.token };
  const img = await call('POST', `${admin.image}/v2/images`, {
    ...opts, body: { name, disk_format: 'raw', container_format: 'bare', visibility: 'shared' },
  });
  await call('POST', `${admin.image}/v2/images/${img.id}/members`, { ...opts, body: { member: projectId } });
  await glance('PUT', `/images/${img.id}/members/${projectId}`, { body: { status: 'accepted' } });
  return img;
}

export async function deleteAdminImage(id) {
  const admin = await token('admin', 'admin-secret', 'admin');
  await call('DELETE', `${admin.image}/v2/images/${id}`, { token: admin.token, ok: [204, 404] });
}

// POST /servers/{id}/action createImage; returns the new image's id.
export async function snapshotServer(serverId, name) {
  const r = await nova('POST', `/servers/${serverId}/action`, { body: { createImage: { name } } });
  return r.image_id ?? r.$headers.get('location')?.split('/').pop();
}

// Nova's snapshot record has no formats; Glance refuses data until they are set.
export async function setImageFormats(id, disk = 'raw', container = 'bare') {
  await glance('PATCH', `/images/${id}`, {
    body: [{ op: 'add', path: '/disk_format', value: disk }, { op: 'add', path: '/container_format', value: container }],
    headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
  });
}

// ---------------------------------------------------------------- quotas (issue #9)

// Set the e2e project's compute quotas (e.g. { instances: 0, metadata_items: 2 }) as the
// cloud's admin; returns the values they had, to give back with setQuotas in a finally.
export async function setQuotas(values) {
  adminSession ??= await token('admin', 'admin-secret', 'admin');
  const { projectId } = await session();
  const url = `${adminSession.compute}/os-quota-sets/${projectId}`;
  const opts = { token: adminSession.token, headers: { 'OpenStack-API-Version': COMPUTE_VERSION } };
  const { quota_set: before } = await call('GET', url, opts);
  await call('PUT', url, { ...opts, body: { quota_set: values } });
  return Object.fromEntries(Object.keys(values).map((k) => [k, before[k]]));
}
