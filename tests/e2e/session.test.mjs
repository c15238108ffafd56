// Sessions end to end: signing in opens a server-side session that survives a reload (an
// HttpOnly cookie the page cannot read, nothing in web storage); signing out ends it; an
// embedding host hands the dashboard a session it minted, and the dashboard opens signed in.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, OPERATOR_TOKEN, launchBrowser, signIn, startServer, withPage } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a reload keeps the session, the page never sees it, and signing out ends it', async () => {
  await withPage(browser, 'session-reload', async (page) => {
    await signIn(page, server.url);
    await page.getByRole('meter', { name: 'Licence seats' }).waitFor();

    await page.reload();
    await page.getByRole('meter', { name: 'Licence seats' }).waitFor();
    assert.equal(await page.getByLabel('Admin token').count(), 0, 'no sign-in form after a reload');

    const visible = await page.evaluate(() => document.cookie + JSON.stringify({ ...localStorage })
      + JSON.stringify({ ...sessionStorage }));
    assert.ok(!visible.includes('ssd_session'), `the session cookie is HttpOnly: ${visible}`);
    assert.ok(!visible.includes(ADMIN_TOKEN), visible);
    const [cookie] = await page.context().cookies();
    assert.equal(cookie.name, 'ssd_session');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    const answer = await page.evaluate(async () => (await fetch('/api/v1/status')).status);
    assert.equal(answer, 401, 'the server ended the session too');
  });
});

test('an embedding host hands over a minted session and the dashboard opens signed in', async () => {
  const minted = await fetch(`${server.url}/api/v1/operator/projects/1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actor: 'ada@platform.example', ttl_secs: 600 }),
  });
  assert.equal(minted.status, 201);
  const { session } = await minted.json();
  await withPage(browser, 'session-embedded', async (page) => {
    await page.route(`${server.url}/host/**`, async (route) => {
      const response = await route.fetch({ url: `${server.url}/` });
      const html = (await response.text()).replace(
        /<div id="scim-sync-dashboard"[^>]*><\/div>/,
        `<div id="scim-sync-dashboard" data-base-path="/host/scim" data-session="${session}"></div>`,
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto(`${server.url}/host/scim/`);
    await page.getByRole('meter', { name: 'Licence seats' }).waitFor();
    assert.equal(await page.getByLabel('Admin token').count(), 0, 'the admin pasted nothing');
    const left = await page.locator('#scim-sync-dashboard').getAttribute('data-session');
    assert.equal(left, null, 'the dashboard takes the session off the element');
  });
});
