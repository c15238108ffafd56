// What the browser enforces for us: every page of the dashboard runs under its strict
// Content-Security-Policy without a single violation (so markup an IdP slips into a page cannot
// run a script), and only an allowed origin's page can read the admin API.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import {
  ADMIN_TOKEN, admin, launchBrowser, openAt, simulate, startServer, watchCsp, withPage,
} from './support.mjs';

let server;
let browser;
let allowedSite;
let otherSite;

/** A tiny HTTP server on a loopback port of its own (so another origin) serving one page. */
async function startSite() {
  const site = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!DOCTYPE html><html lang="en"><title>Another site</title><h1>Another site</h1></html>');
  });
  await new Promise((ok) => site.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${site.address().port}`, close: () => new Promise((ok) => site.close(ok)) };
}

before(async () => {
  allowedSite = await startSite();
  otherSite = await startSite();
  server = await startServer({ seatLimit: 4, env: { SSD_ALLOWED_ORIGINS: allowedSite.origin } });
  await simulate(server.url, 'licence-limit', ['--users', '6', '--groups', '2']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await allowedSite?.close();
  await otherSite?.close();
});

/** Every page of the dashboard (deep links to one of each detail included), each with what
 *  shows it has rendered its content, not only its frame. */
async function everyPage() {
  const runs = await admin(server.url, 'GET', '/runs');
  const failures = await admin(server.url, 'GET', '/failures');
  const groups = await admin(server.url, 'GET', '/groups');
  assert.ok(runs.body.items.length > 0 && failures.body.items.length > 0 && groups.body.length > 0,
    'the simulator left runs, failures and groups to show');
  const run = runs.body.items[0].id;
  const group = groups.body[0];
  return [
    ['/', (page) => page.getByRole('heading', { name: 'Recent runs' })],
    ['/runs', (page) => page.getByRole('link', { name: /^Run \d+$/ }).first()],
    [`/runs/${run}`, (page) => page.getByRole('heading', { name: 'Failures by category' })],
    ['/failures', (page) => page.locator('.ssd-failures__target a').first()],
    [`/failures/${failures.body.items[0].id}`, (page) => page.getByRole('heading', { name: 'The request, redacted' })],
    ['/groups', (page) => page.getByRole('cell', { name: group.display_name }).first()],
    [`/groups/${encodeURIComponent(group.id)}`, (page) => page.getByText('Sync state').first()],
    ['/people', (page) => page.getByRole('cell', { name: 'SCIM-managed' }).first()],
    ['/activity', (page) => page.getByRole('heading', { name: 'Activity', level: 1 })],
    ['/settings', (page) => page.getByRole('button', { name: /Turn SCIM (on|off)/ })],
    ['/no-such-page', (page) => page.getByRole('heading', { name: 'No such page', level: 1 })],
  ];
}

test('every page of the dashboard runs under its CSP with no violation', async () => {
  const pages = await everyPage();
  await withPage(browser, 'csp-pages', async (page) => {
    const violations = await watchCsp(page);
    const document = await page.goto(`${server.url}/`);
    const csp = document.headers()['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
    assert.match(scriptSrc, /^script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+$/, csp);
    assert.match(csp, /frame-ancestors 'none'/);

    for (const [path, rendered] of pages) {
      await openAt(page, server.url, path);
      await rendered(page).waitFor();
    }
    // Once more the first page: whatever the last one reported has been delivered by now.
    await openAt(page, server.url, '/');
    await pages[0][1](page).waitFor();

    assert.deepEqual(violations.list, []);
  });
});

test('markup slipped into a page cannot run a script: the CSP refuses it and says so', async () => {
  await withPage(browser, 'csp-injection', async (page) => {
    const violations = await watchCsp(page);
    await openAt(page, server.url, '/');
    await page.getByRole('heading', { name: 'Recent runs' }).waitFor();

    await page.evaluate(() => {
      const holder = document.createElement('div');
      holder.innerHTML = '<img alt="" src="/not-an-image.png" onerror="globalThis.injectedRan = true">';
      const script = document.createElement('script');
      script.textContent = 'globalThis.injectedRan = true';
      document.body.append(holder, script);
    });
    // Each refusal is reported as an event naming the directive that refused it.
    await violations.until((v) => v.some((e) => e.startsWith('script-src-elem '))
      && v.some((e) => e.startsWith('script-src-attr ')));

    assert.equal(await page.evaluate(() => globalThis.injectedRan), undefined);
    assert.ok(violations.list.every((v) => /script-src/.test(v)), violations.list.join('\n'));
  });
});

/** What a page at `origin` gets when it calls the admin API with fetch. */
async function fetchFrom(origin) {
  let outcome;
  await withPage(browser, 'cors', async (page) => {
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Another site' }).waitFor();
    outcome = await page.evaluate(async ({ api, token }) => {
      const attempt = async (init) => {
        try {
          const response = await fetch(`${api}/api/v1/status`, init);
          return { read: true, status: response.status, body: await response.text() };
        } catch (error) {
          return { read: false, error: String(error) };
        }
      };
      return {
        withToken: await attempt({ headers: { authorization: `Bearer ${token}` } }),
        simple: await attempt({}),
      };
    }, { api: server.url, token: ADMIN_TOKEN });
  });
  return outcome;
}

test('a page from an origin not on the allow-list cannot read the admin API', async () => {
  const { withToken, simple } = await fetchFrom(otherSite.origin);

  assert.equal(withToken.read, false, JSON.stringify(withToken));
  assert.equal(simple.read, false, JSON.stringify(simple));
});

test('a page from the allowed origin can read the admin API with the admin token', async () => {
  const { withToken } = await fetchFrom(allowedSite.origin);

  assert.equal(withToken.read, true, JSON.stringify(withToken));
  assert.equal(withToken.status, 200);
  assert.equal(JSON.parse(withToken.body).scim_enabled, true);
});
