// SCIM setup end to end: an admin adds an IdP connection in the dashboard, reads its token
// (shown once), the IdP (this test, over HTTP) sends SCIM requests with it, and "last used"
// and the run appear without a reload; a rotation keeps both tokens working until the old one
// is revoked through the confirmation, after which the IdP gets 401 and the page warns; runs
// and failures name the connection. axe-core finds nothing on the page, light or dark.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  OKTA_USER_AGENT, expectNoAxeViolations, launchBrowser, oktaUser, openAt, startServer, withPage,
} from './support.mjs';

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

/** A SCIM request as Okta sends it, with `token`. */
async function scimWith(token, method, path, body) {
  const response = await fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'user-agent': OKTA_USER_AGENT,
      'content-type': 'application/scim+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The token the page shows once, in its "new token" panel. */
async function shownToken(page) {
  const panel = page.getByRole('region', { name: /^New token/ });
  await panel.getByText('Copy it now: it will not be shown again.').waitFor();
  const token = (await panel.locator('code').textContent()).trim();
  assert.ok(token.length >= 20, `a token of ${token.length} characters`);
  return token;
}

test('a token generated in the dashboard works until it is revoked there, and the page follows live', async () => {
  await withPage(browser, 'scim-setup', async (page) => {
    await openAt(page, server.url, '/settings');
    await page.getByRole('link', { name: 'SCIM setup' }).click();
    await page.getByRole('heading', { name: 'SCIM setup', level: 1 }).waitFor();
    assert.match(page.url(), /\/settings\/scim$/);
    await page.getByText(`${server.url}/scim/v2`, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'default', exact: true }).waitFor();

    // Add a connection: its first token is shown once, and the status says so.
    await page.getByLabel('Connection name').fill('Okta e2e');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('status').getByText(
      'Added the connection Okta e2e with its first token. Copy the token now: it will not be shown again.',
    ).waitFor();
    const first = await shownToken(page);
    await page.waitForFunction(() => document.activeElement?.id === 'ssd-new-token-title');
    const connection = page.getByRole('region', { name: 'Okta e2e', exact: true });
    await connection.getByText("No request has used this connection's tokens yet").waitFor();
    const firstRow = connection.getByRole('row', { name: /first token/ });
    await firstRow.getByRole('cell', { name: 'Never' }).waitFor();

    // The overview, open in another tab, follows the live stream.
    const overview = await browser.newPage();
    await openAt(overview, server.url, '/');
    await overview.getByText('Live', { exact: true }).waitFor();

    // The IdP sends a request with it: "last used" appears live and the warning goes; the
    // overview shows the run of that connection.
    assert.equal(await scimWith(first, 'POST', '/Users', oktaUser('setup.first@example.com', false)), 201);
    await overview.getByText(/· connection Okta e2e$/).waitFor();
    await overview.close();
    await firstRow.getByRole('cell', { name: 'Never' }).waitFor({ state: 'detached' });
    await connection.getByText("No request has used this connection's tokens yet").waitFor({ state: 'detached' });

    // Rotate: a second token, and both work until the old one is revoked.
    await connection.getByRole('button', { name: 'Rotate first token' }).click();
    await page.getByRole('region', { name: 'New token “Token 2” for Okta e2e' }).waitFor();
    await page.getByText(/^Both tokens work now\. Paste the new token into your IdP in place of “first token”/).waitFor();
    const second = await shownToken(page);
    assert.notEqual(second, first);
    assert.equal(await scimWith(second, 'GET', '/Users?count=1'), 200);
    assert.equal(await scimWith(first, 'GET', '/Users?count=1'), 200);
    await expectNoAxeViolations(page, 'SCIM setup with a new token');

    // Revoke the old one through the confirmation; Esc first keeps it.
    await firstRow.getByRole('button', { name: 'Revoke first token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this SCIM token?' });
    await dialog.getByText(
      'From then on, your IdP gets 401 Unauthorized for every request it sends with “first token” of Okta e2e.',
    ).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
    await expectNoAxeViolations(page, 'the revoke confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await firstRow.getByRole('button', { name: 'Revoke first token' }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('status').getByText('Revoked “first token”: your IdP now gets 401 with it.').waitFor();
    await firstRow.getByText('Revoked', { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Generate token for Okta e2e');
    await firstRow.getByRole('button', { name: 'Rotate first token' }).waitFor({ state: 'detached' });
    await page.getByText(/^“first token” is revoked: only the new token works now/).waitFor();

    // The IdP's next request with it is refused, and the page says so without a reload.
    assert.equal(await scimWith(first, 'GET', '/Users?count=1'), 401);
    await connection.getByText(
      "The IdP's last request was refused: its token may be revoked or mistyped.",
    ).waitFor();
    assert.equal(await scimWith(second, 'GET', '/Users?count=1'), 200);
    await connection.getByText("The IdP's last request was refused").waitFor({ state: 'detached' });

    // Runs and failures name the connection whose token the requests carried.
    await openAt(page, server.url, '/failures');
    await page.getByRole('cell', { name: /· Okta e2e$/ }).first().waitFor();
    await openAt(page, server.url, '/runs');
    await page.getByRole('cell', { name: /· Okta e2e$/ }).first().waitFor();
  });
});

test('the base URL and a new token are copied with their buttons, and hiding the token removes it', async () => {
  await withPage(browser, 'scim-setup-copy', async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await openAt(page, server.url, '/settings/scim');
    await page.getByRole('button', { name: 'Copy the SCIM base URL' }).click();
    await page.getByRole('status').getByText('Copied the SCIM base URL.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}/scim/v2`);

    await page.getByRole('region', { name: 'default', exact: true })
      .getByRole('button', { name: 'Generate token for default' }).click();
    const token = await shownToken(page);
    await page.getByRole('button', { name: 'Copy the new token' }).click();
    await page.getByRole('status').getByText('Copied the token.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    await page.getByRole('button', { name: 'I have copied it: hide the token' }).click();
    await page.getByRole('region', { name: /^New token/ }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Generate token for default');
    assert.equal(await page.getByText(token).count(), 0);
  });
});

test('SCIM setup has no axe-core violations, light or dark', async () => {
  await withPage(browser, 'scim-setup-axe', async (page) => {
    await openAt(page, server.url, '/settings/scim');
    await page.getByRole('region', { name: 'default', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Setup guide' }).waitFor();
    await expectNoAxeViolations(page, 'SCIM setup');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page, 'SCIM setup (dark)');
  });
});
