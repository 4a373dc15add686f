// Load a split build in headless Chromium without a cloud: /login, then /servers with a
// stand-in session, then every lazily loaded page by in-app navigation. Prints what each step
// fetched and fails on any console error, page error or CSP violation.
//   node check.mjs BASE_URL PLAYWRIGHT_CORE_INDEX   (scripts/split-check runs it)
const [base, playwrightPath] = process.argv.slice(2);
const { chromium } = await import(playwrightPath);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
let fetched = [];
page.on('requestfinished', (r) => fetched.push(new URL(r.url()).pathname));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

async function step(name, action) {
  fetched = [];
  await action();
  await page.waitForLoadState('networkidle');
  const files = fetched.filter((p) => !p.startsWith('/api/'));
  const api = fetched.filter((p) => p.startsWith('/api/'));
  console.log(JSON.stringify({ step: name, files, api: api.length }));
}

process.on('exit', (code) => { if (code && problems.length) console.log(problems.join('\n')); });
const heading = (text) => page.locator('h1', { hasText: text }).first().waitFor({ timeout: 20000 });

await step('/login', async () => {
  await page.goto(`${base}/login`);
  await heading('Log in to your cloud');
});

const now = Date.now() / 1000;
const session = {
  token: 'fake', expires_at: now + 3600, clock_offset: 0, user_name: 'e2e', user_id: 'u',
  project_name: 'e2e', project_id: 'p', roles: ['member'], cloud_name: 'test',
  auth_url: `${base}/api/identity/v3`, compute_url: `${base}/api/compute/v2.1`,
  image_url: `${base}/api/image`, network_url: `${base}/api/network`,
  microversion: { major: 2, minor: 90 },
};
await page.evaluate((s) => sessionStorage.setItem('nephele.session', JSON.stringify(s)), session);

await step('/servers', async () => {
  await page.goto(`${base}/servers`);
  await heading('Servers');
});

// In-app navigation (history.pushState through the router), as a click on a link does.
const go = (path) => page.evaluate((p) => {
  const a = document.createElement('a');
  a.href = p;
  document.body.append(a);
  a.click();
  a.remove();
}, path);
for (const [path, title] of [
  ['/keypairs', 'Key pairs'], ['/limits', 'Limits'], ['/images', 'Images'],
  ['/servers/new', 'Create server'], ['/servers/abc', 'Server'], ['/servers/abc/metadata', 'Metadata'],
  ['/images/abc', 'Image'], ['/images/abc/metadata', 'Properties'], ['/servers', 'Servers'],
]) {
  await step(path, async () => {
    await go(path);
    await page.waitForURL(`${base}${path}`);
    // the stand-in API has no such server or image: a page may show its error instead
    await page.locator(`main h1:has-text("${title}"), main [role=alert]`).first().waitFor({ timeout: 20000 });
    console.log(`  ${path}: ${(await page.locator('main').first().innerText()).replace(/\s+/g, ' ').slice(0, 100)}`);
  });
}
await browser.close();
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log('no console error, page error or CSP violation');
