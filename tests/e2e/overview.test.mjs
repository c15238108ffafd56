// The overview end to end: sign in, the licence meter, live updates without reload, the
// failed-sync banner and its "View details", themes, and axe-core on the page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  expectNoAxeViolations, launchBrowser, oktaUser, openAt, scim, signIn, startServer, withPage,
} from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 2, runIdleGapSecs: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the dashboard is served at / and asks for the admin token', async () => {
  await withPage(browser, 'sign-in', async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByLabel('Admin token').getAttribute('type'), 'password');
    await expectNoAxeViolations(page, 'the sign-in form');
  });
});

test('a wrong admin token is refused and the form says so', async () => {
  await withPage(browser, 'wrong-token', async (page) => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('did not accept this token').waitFor();
  });
});

test('a User created over SCIM moves the licence meter without a reload; a Reader does not', async () => {
  await withPage(browser, 'meter-moves', async (page) => {
    await signIn(page, server.url);
    const meter = page.getByRole('meter', { name: 'Licence seats' });
    await page.getByText('0 of 2 seats used').waitFor();
    assert.equal(await meter.getAttribute('aria-valuenow'), '0');
    await page.getByText('Live', { exact: true }).waitFor();

    assert.equal((await scim(server.url, 'POST', '/Users', oktaUser('e2e.user@example.com', true))).status, 201);
    assert.equal((await scim(server.url, 'POST', '/Users', oktaUser('e2e.reader@example.com', false))).status, 201);

    await page.getByText('1 of 2 seats used').waitFor();
    assert.equal(await meter.getAttribute('aria-valuenow'), '1');
    await page.getByText('1 free').waitFor();
    await page.getByText('1 reader, no seat taken').waitFor();
    await page.getByText('Sync in progress from Okta').waitFor();
  });
});

test('when the run ends failed, the banner shows its categories and View details opens its failures', async () => {
  await withPage(browser, 'banner', async (page) => {
    await signIn(page, server.url);
    await page.getByText('Live', { exact: true }).waitFor();
    // The second User fills the licence; the third is refused for lack of a seat.
    await scim(server.url, 'POST', '/Users', oktaUser('e2e.second@example.com', true));
    const refused = await scim(server.url, 'POST', '/Users', oktaUser('e2e.third@example.com', true));
    assert.equal(refused.status, 403);

    // The run ends after the (test server's) idle gap; the overview notices without a reload.
    const banner = page.getByRole('region', { name: 'Sync failed due to a SCIM server error' });
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByText('Licence limit reached').waitFor();
    await banner.getByRole('link', { name: 'View details' }).click();
    await page.waitForURL(/\/failures\?run=\d+$/);
    await page.getByRole('heading', { name: 'Failures', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'e2e.third@example.com' }).waitFor();
    await page.getByText('1 failure matches these filters').waitFor();
  });
});

test('the overview has no axe-core violations, light or dark, and the toggle switches themes', async () => {
  await withPage(browser, 'overview-axe', async (page) => {
    await openAt(page, server.url, '/');
    await page.getByRole('meter', { name: 'Licence seats' }).waitFor();
    await expectNoAxeViolations(page, 'the overview (light)');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#scim-sync-dashboard').getAttribute('data-theme'), 'dark');
    await expectNoAxeViolations(page, 'the overview (dark)');
  });
});

test('the admin token is never written to web storage', async () => {
  await withPage(browser, 'no-storage', async (page) => {
    await signIn(page, server.url);
    await page.getByRole('meter', { name: 'Licence seats' }).waitFor();
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes('e2e-admin-token'), stored);
  });
});
