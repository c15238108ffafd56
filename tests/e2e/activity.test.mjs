// Activity end to end: every audited admin action is listed with when and who, the filters live
// in the URL, and an action taken elsewhere appears while the page is open (the live stream).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, expectNoAxeViolations, launchBrowser, openAt, startServer, withPage } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 4 });
  assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 5 })).status, 200);
  assert.equal((await admin(server.url, 'POST', '/identities', { email: 'reader.one@example.com', kind: 'reader' })).status, 201);
  assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 6 })).status, 200);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The Action cells of the table. */
async function actionCells(page) {
  return page.locator('table.ssd-table--activity tbody tr td:nth-child(3)').allTextContents();
}

test('Activity lists the audited actions newest first and filters them by action in the URL', async () => {
  await withPage(browser, 'activity', async (page) => {
    await openAt(page, server.url, '/activity');
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    await page.getByText('3 actions', { exact: true }).waitFor();
    assert.deepEqual(await actionCells(page), ['Settings changed', 'Invited', 'Settings changed']);
    await page.getByRole('cell', { name: 'reader.one@example.com', exact: false }).waitFor();
    await expectNoAxeViolations(page, 'Activity');

    await page.getByLabel('Action', { exact: true }).selectOption('invite');
    await page.waitForURL(/action=invite/);
    await page.getByText('1 action', { exact: true }).waitFor();
    assert.deepEqual(await actionCells(page), ['Invited']);

    // The URL alone says what is shown: a reload (or a link) shows the same.
    await page.reload();
    await page.getByText('1 action', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Action', { exact: true }).inputValue(), 'invite');
  });
});

test('an action another admin takes appears on an open Activity page without a reload', async () => {
  await withPage(browser, 'activity-live', async (page) => {
    await openAt(page, server.url, '/activity?action=settings');
    const before = await page.getByRole('status').filter({ hasText: /^\d+ actions?$/ }).textContent();
    const count = Number(before.split(' ')[0]);

    assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 7 })).status, 200);

    await page.getByText(`${count + 1} actions`, { exact: true }).waitFor();
    assert.equal((await actionCells(page))[0], 'Settings changed');
  });
});
