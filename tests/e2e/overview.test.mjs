// The first slice end to end: sign in, see the licence meter, provision a User over SCIM, see the
// meter move in the browser.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, oktaUser, scim, signIn, startServer, withPage } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 5 });
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

test('a User created over SCIM moves the licence meter; a Reader does not', async () => {
  await withPage(browser, 'meter-moves', async (page) => {
    await signIn(page, server.url);
    const meter = page.getByRole('meter', { name: 'Licence seats' });
    await page.getByText('0 of 5 seats used').waitFor();
    assert.equal(await meter.getAttribute('aria-valuenow'), '0');

    const user = await scim(server.url, 'POST', '/Users', oktaUser('e2e.user@example.com', true));
    assert.equal(user.status, 201);
    const reader = await scim(server.url, 'POST', '/Users', oktaUser('e2e.reader@example.com', false));
    assert.equal(reader.status, 201);
    await page.getByRole('button', { name: 'Refresh' }).click();

    await page.getByText('1 of 5 seats used').waitFor();
    assert.equal(await meter.getAttribute('aria-valuenow'), '1');
    await page.getByText('4 free').waitFor();
    await page.getByText('1 reader, no seat taken').waitFor();
    await page.getByText('Running from Okta').waitFor();
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
