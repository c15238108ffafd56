// Runs, People and Settings end to end, on traffic from the IdP simulator: every view is a URL,
// filters live in the query, an admin's changes take effect, and axe-core finds nothing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  expectNoAxeViolations, holdRequests, launchBrowser, oktaUser, openAt, rowsDimmed, scim, simulate,
  startServer, withPage,
} from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 4 });
  await simulate(server.url, 'licence-limit', ['--users', '6', '--groups', '1']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the runs list links each run to its detail, with its failures by category', async () => {
  await withPage(browser, 'runs', async (page) => {
    await openAt(page, server.url, '/runs');
    await page.getByRole('heading', { name: 'Sync runs', level: 1 }).waitFor();
    await expectNoAxeViolations(page, 'the runs');
    await page.getByRole('link', { name: /^Run \d+$/ }).first().click();
    await page.waitForURL(/\/runs\/\d+$/);
    await page.getByRole('heading', { name: /^Run \d+$/, level: 1 }).waitFor();
    await page.getByText('Okta', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Licence limit reached' }).waitFor();
    await expectNoAxeViolations(page, 'a run');
    await page.getByRole('link', { name: /^View \d+ failures?$/ }).first().click();
    await page.waitForURL(/\/failures\?run=\d+&category=licence_limit$/);
  });
});

test('People tells Users from Readers and SCIM-managed from project-native, filtered in the URL', async () => {
  await withPage(browser, 'people', async (page) => {
    await openAt(page, server.url, '/people');
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'SCIM-managed' }).first().waitFor();
    await page.getByLabel('Kind').selectOption('reader');
    await page.waitForURL(/kind=reader/);
    // The rows of the previous filter stay until the new answer arrives: wait for that answer
    // (only Readers listed), not for the summary, which both answers have.
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll('tbody .ssd-tag')].map((t) => t.textContent);
      return kinds.length > 0 && kinds.every((k) => k === 'Reader');
    });
    await page.getByText(/^\d+ (person|people)$/).waitFor();
    const kinds = await page.locator('tbody .ssd-tag').allTextContents();
    assert.ok(kinds.every((k) => k === 'Reader'), kinds.join());
    await expectNoAxeViolations(page, 'People');
  });
});

test('while a new filter\'s answer is on its way, the People table is aria-busy with its old rows dimmed', async () => {
  await withPage(browser, 'people-busy', async (page) => {
    await openAt(page, server.url, '/people');
    const table = page.getByRole('table', { name: 'Users and Readers' });
    await table.getByRole('cell', { name: 'SCIM-managed' }).first().waitFor();
    assert.equal(await table.getAttribute('aria-busy'), null);
    assert.equal(await rowsDimmed(table), false);
    const readers = await holdRequests(page, (url) => url.pathname.endsWith('/api/v1/identities')
      && url.searchParams.get('kind') === 'reader');

    await page.getByLabel('Kind').selectOption('reader');
    await readers.sent;

    await page.locator('table[aria-busy="true"]').waitFor();
    assert.equal(await rowsDimmed(table), true);
    assert.ok((await table.locator('tbody .ssd-tag').allTextContents()).includes('User'), 'the old rows stay');
    readers.release();
    await page.locator('table.ssd-table:not([aria-busy])').waitFor();
    assert.equal(await rowsDimmed(table), false);
    const kinds = await table.locator('tbody .ssd-tag').allTextContents();
    assert.ok(kinds.length > 0 && kinds.every((k) => k === 'Reader'), kinds.join());
  });
});

test('inviting a Reader adds a project-native Reader; a User is refused when no seat is free', async () => {
  await withPage(browser, 'invite', async (page) => {
    await openAt(page, server.url, '/people?origin=project');
    await page.getByLabel('Email').fill('invited.reader@example.com');
    await page.getByLabel('Reader (no seat)').check();
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('Invited invited.reader@example.com as a Reader.').waitFor();
    await page.getByRole('cell', { name: 'invited.reader@example.com' }).first().waitFor();

    await page.getByLabel('Email').fill('invited.user@example.com');
    await page.getByLabel('User (takes a seat)').check();
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(/Invite a Reader instead, or free a seat first/).waitFor();
  });
});

test('turning SCIM off asks first, says what happens to groups, and Esc keeps it on', async () => {
  await withPage(browser, 'settings-scim', async (page) => {
    await openAt(page, server.url, '/settings');
    await page.getByText('On: your identity provider').waitFor();
    await page.getByRole('button', { name: 'Turn SCIM off' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn SCIM provisioning off?' });
    await dialog.getByText('Groups are not restored when you turn SCIM back on.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel');
    await expectNoAxeViolations(page, 'the SCIM off confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('On: your identity provider').waitFor();

    await page.getByRole('button', { name: 'Turn SCIM off' }).click();
    await dialog.getByRole('button', { name: 'Turn SCIM off' }).click();
    await page.getByText('Off: your identity provider').waitFor();
    const refused = await scim(server.url, 'POST', '/Users', oktaUser('while.off@example.com', true));
    assert.notEqual(refused.status, 201);
    await page.getByRole('button', { name: 'Turn SCIM on' }).click();
    await page.getByText('On: your identity provider').waitFor();
  });
});

test('the seat limit is changed in Settings and the meter follows', async () => {
  await withPage(browser, 'settings-seats', async (page) => {
    await openAt(page, server.url, '/settings');
    const limit = page.getByLabel('Seat limit');
    await limit.fill('2');
    await page.getByText(/no new seat is given until \d+ seats? (is|are) freed/).waitFor();
    await limit.fill('12');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await page.getByText(/of 12 seats used/).waitFor();
    await page.getByText('Saved. SCIM provisioning is on; the seat limit is 12.').waitFor();
    await expectNoAxeViolations(page, 'Settings');
  });
});

test('runs, a run, People and Settings have no axe-core violations in the dark theme', async () => {
  await withPage(browser, 'pages-dark-axe', async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openAt(page, server.url, '/runs');
    await page.getByRole('link', { name: /^Run \d+$/ }).first().waitFor();
    await expectNoAxeViolations(page, 'the runs (dark)');
    await page.getByRole('link', { name: /^Run \d+$/ }).first().click();
    await page.getByRole('heading', { name: 'Failures by category' }).waitFor();
    await expectNoAxeViolations(page, 'a run (dark)');
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('cell').first().waitFor();
    await expectNoAxeViolations(page, 'People (dark)');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: /Turn SCIM (on|off)/ }).waitFor();
    await expectNoAxeViolations(page, 'Settings (dark)');
  });
});
