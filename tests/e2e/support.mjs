// Shared by the end-to-end tests: the real server on a free loopback port, Debian's Chromium
// driven by playwright-core, and SCIM requests as an IdP sends them.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const SCIM_TOKEN = 'e2e-scim-token';
export const ADMIN_TOKEN = 'e2e-admin-token';
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
export const PLATFORM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'tests/e2e/artifacts');

/** Starts the server binary with a fresh database; resolves once it prints its URL. */
export async function startServer({ seatLimit = 25 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'ssd-e2e-'));
  const bin = process.env.SSD_SERVER_BIN ?? join(repo, 'target/debug/scim-sync-server');
  const child = spawn(
    bin,
    ['--port', '0', '--data-dir', dataDir, '--dist-dir', join(repo, 'dist'),
      '--initial-seat-limit', String(seatLimit)],
    {
      env: { ...process.env, SSD_INITIAL_SCIM_TOKEN: SCIM_TOKEN, SSD_INITIAL_ADMIN_TOKEN: ADMIN_TOKEN, RUST_LOG: 'warn' },
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

/** Runs `body(page)` in a new page; on failure saves a screenshot under tests/e2e/artifacts. */
export async function withPage(browser, name, body) {
  const page = await browser.newPage();
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
