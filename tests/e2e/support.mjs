// Shared by the end-to-end tests: the real server on a free loopback port, Debian's Chromium
// driven by playwright-core, and SCIM requests as an IdP sends them.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const SCIM_TOKEN = 'e2e-scim-token';
export const ADMIN_TOKEN = 'e2e-admin-token';
export const OPERATOR_TOKEN = 'e2e-operator-token';
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
export const PLATFORM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'tests/e2e/artifacts');

/** Starts the server binary with a fresh database; resolves once it prints its URL. `env`
 *  adds settings (`SSD_…` variables); `distDir` serves another build of the dashboard. */
export async function startServer({ seatLimit = 25, runIdleGapSecs, env = {}, distDir = join(repo, 'dist') } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'ssd-e2e-'));
  const bin = process.env.SSD_SERVER_BIN ?? join(repo, 'target/debug/scim-sync-server');
  const child = spawn(
    bin,
    ['--port', '0', '--data-dir', dataDir, '--dist-dir', distDir,
      '--initial-seat-limit', String(seatLimit)],
    {
      env: {
        ...process.env,
        SSD_INITIAL_SCIM_TOKEN: SCIM_TOKEN,
        SSD_INITIAL_ADMIN_TOKEN: ADMIN_TOKEN,
        SSD_OPERATOR_TOKEN: OPERATOR_TOKEN,
        RUST_LOG: 'warn',
        ...(runIdleGapSecs === undefined ? {} : { SSD_RUN_IDLE_GAP_SECS: String(runIdleGapSecs) }),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/Dashboard: (http:\/\/\S+?)\/\s/);
      if (match) ok(match[1]);
    });
    child.on('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.on('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
}

/** Runs `body(page)` in a new page (with Playwright's context `options`: `timezoneId`,
 *  `locale`, …); on failure saves a screenshot under tests/e2e/artifacts. */
export async function withPage(browser, name, body, options = {}) {
  const page = await browser.newPage(options);
  try {
    await body(page);
  } catch (error) {
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

/** Signs in to the dashboard with the admin token. */
export async function signIn(page, url) {
  await page.goto(`${url}/`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A SCIM request with the Okta client's headers. */
export async function scim(url, method, path, body) {
  const response = await fetch(`${url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${SCIM_TOKEN}`,
      'user-agent': OKTA_USER_AGENT,
      'content-type': 'application/scim+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A User as Okta pushes it. */
export function oktaUser(userName, isTeamAccount) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', PLATFORM_USER_SCHEMA],
    userName,
    name: { givenName: 'E2E', familyName: 'Person' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    active: true,
    [PLATFORM_USER_SCHEMA]: { isTeamAccount },
  };
}

/** A request to the admin API with the admin token, as an admin's script would send it. */
export async function admin(url, method, path, body) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Plays an IdP scenario with the server binary's simulator (`simulate --scenario …`). */
export async function simulate(url, scenario, extra = []) {
  const run = startSimulation(url, scenario, extra);
  const { code, out } = await run.exited;
  if (code !== 0) throw new Error(`simulate ${scenario} exited ${code}:\n${out}`);
  return out;
}

/** Starts an IdP scenario and leaves it playing; `stop()` ends it (if it has not finished)
 *  and resolves once it has exited. */
export function startSimulation(url, scenario, extra = []) {
  const bin = process.env.SSD_SERVER_BIN ?? join(repo, 'target/debug/scim-sync-server');
  const child = spawn(
    bin,
    ['simulate', '--url', url, '--scenario', scenario, ...extra],
    {
      env: { ...process.env, SSD_SCIM_TOKEN: SCIM_TOKEN, SSD_ADMIN_TOKEN: ADMIN_TOKEN, RUST_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  child.stderr.on('data', (chunk) => { out += chunk; });
  const exited = new Promise((ok) => child.on('exit', (code) => ok({ code, out })));
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `count` SCIM requests with a revoked token: each is recorded in the project as an `auth`
 *  failure. (A token no project knows is only counted server-wide, never recorded.) */
export async function refusedRequests(url, count, concurrency = 32) {
  const token = await revokedToken(url);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${url}/scim/v2/Users?filter=userName%20eq%20%22u${i}%40example.com%22`, {
        headers: { authorization: `Bearer ${token}`, 'user-agent': OKTA_USER_AGENT },
      });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const revokedTokens = new Map();

/** A SCIM token of the server at `url` that is revoked: an IdP connection "Okta (revoked)" is
 *  added through the admin API and its first token revoked, once per server. */
function revokedToken(url) {
  if (!revokedTokens.has(url)) {
    revokedTokens.set(url, (async () => {
      const created = await admin(url, 'POST', '/connections', { name: 'Okta (revoked)' });
      if (created.status !== 201) throw new Error(`cannot add a connection: ${created.status}`);
      const { connection_id: connection, summary, token } = created.body;
      const revoked = await admin(url, 'DELETE', `/connections/${connection}/tokens/${summary.id}`);
      if (revoked.status !== 204) throw new Error(`cannot revoke a token: ${revoked.status}`);
      return token;
    })());
  }
  return revokedTokens.get(url);
}

const axeSource = join(import.meta.dirname, 'node_modules/axe-core/axe.min.js');

/** Runs axe-core on the page (WCAG 2.x A and AA and best practices); fails listing violations. */
export async function expectNoAxeViolations(page, label) {
  // Evaluated, not added as a <script>: the dashboard's CSP refuses inline scripts.
  await page.evaluate(await readFile(axeSource, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  if (violations.length > 0) {
    throw new Error(`axe found ${violations.length} violation(s) on ${label}:\n  ${violations.join('\n  ')}`);
  }
}

/** Holds the page's requests whose URL `matches` until `release()` is called; `sent` resolves
 *  once the first of them was made. */
export async function holdRequests(page, matches) {
  let release;
  const released = new Promise((ok) => { release = ok; });
  let sentOne;
  const sent = new Promise((ok) => { sentOne = ok; });
  await page.route(matches, async (route) => {
    sentOne();
    await released;
    await route.continue();
  });
  return { sent, release };
}

/** Whether the rows of `table` (a locator) are dimmed: their computed opacity is below 1. */
export async function rowsDimmed(table) {
  return table.locator('tbody').evaluate((el) => Number(getComputedStyle(el).opacity) < 1);
}

/** The text of the dashboard's live announcement region. */
export function announcement(page) {
  return page.locator('.ssd-live__announcement');
}

/** Opens the dashboard at `path` (a deep link), signing in there unless this page's session
 *  (a cookie) is still open. */
export async function openAt(page, url, path) {
  await page.goto(`${url}${path}`);
  const form = page.getByLabel('Admin token');
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await form.or(nav).first().waitFor();
  if (await form.isVisible()) {
    await form.fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await nav.waitFor();
}

/** Collects, across navigations, every CSP violation the page reports: its
 *  `securitypolicyviolation` events (by directive) and the console's "Content Security Policy"
 *  errors, in `list`; `until(check)` resolves once `check(list)` holds. */
export async function watchCsp(page) {
  const list = [];
  let wake = () => {};
  const record = (violation) => {
    list.push(violation);
    wake();
  };
  const until = (check) => new Promise((ok) => {
    const again = () => (check(list) ? ok() : (wake = again));
    again();
  });
  await page.exposeFunction('reportCspViolation', record);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) record(`console: ${message.text()}`);
  });
  return { list, until };
}
