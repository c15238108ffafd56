// What the dashboard does while it runs: new failures appear and are announced without a
// reload, the windowed table keeps at most 100 rows while paging through the list by cursor,
// errors show where they happened with Retry, and a refused token returns to sign-in.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  announcement, launchBrowser, openAt, refusedRequests, startServer, withPage,
} from './support.mjs';

const FAILURES = 1_250; // three pages of the table's 500

let server;
let browser;

before(async () => {
  server = await startServer();
  await refusedRequests(server.url, FAILURES);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a new failure appears at the top and is announced, without a reload', async () => {
  await withPage(browser, 'live-failure', async (page) => {
    await openAt(page, server.url, '/failures');
    await page.getByText(`${FAILURES.toLocaleString('en-US')} failures`).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    assert.equal(await announcement(page).getAttribute('aria-live'), 'polite');

    await refusedRequests(server.url, 1, 1);

    await announcement(page).getByText('1 new failure: 1 Authentication failed.').waitFor();
    await page.getByText(`${(FAILURES + 1).toLocaleString('en-US')} failures`).waitFor();
  });
});

test('the table keeps at most 100 rows in the DOM while it pages through every failure', async () => {
  await withPage(browser, 'windowing', async (page) => {
    const pages = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/failures?')) pages.push(r.url()); });
    await openAt(page, server.url, '/failures?category=auth');
    const scroller = page.getByRole('region', { name: 'Failures (scrolls)' });
    await page.locator('.ssd-table__row a').first().waitFor();
    const total = Number(await page.locator('.ssd-failures').getAttribute('aria-rowcount')) - 1;
    assert.ok(total >= FAILURES, `${total} rows`);

    let most = 0;
    for (let step = 0; step < 200; step++) {
      const { rows, last, atEnd } = await scroller.evaluate((el) => {
        el.scrollTop += el.clientHeight * 2;
        const rowEls = el.querySelectorAll('.ssd-table__row');
        const lastRow = rowEls[rowEls.length - 1];
        return {
          rows: rowEls.length,
          last: Number(lastRow?.getAttribute('aria-rowindex')),
          atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 1,
        };
      });
      most = Math.max(most, rows);
      if (atEnd && last === total + 1) break;
      await page.waitForTimeout(20);
    }
    await page.locator(`.ssd-table__row[aria-rowindex="${total + 1}"] a`).waitFor();
    assert.ok(most <= 100, `${most} rows were in the DOM at once`);
    assert.ok(pages.some((u) => u.includes('cursor=')), 'later pages were fetched by cursor');
  });
});

test('a failed read shows the error where it happened, and Retry recovers', async () => {
  await withPage(browser, 'retry-read', async (page) => {
    await openAt(page, server.url, '/');
    await page.route('**/api/v1/runs?*', (route) => route.abort());
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('could not be reached').waitFor();
    await page.getByRole('heading', { name: 'Sync runs', level: 1 }).waitFor();
    await page.unroute('**/api/v1/runs?*');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('link', { name: /^Run \d+$/ }).first().waitFor();
    await alert.waitFor({ state: 'detached' });
  });
});

test('a token the server stops accepting returns to sign-in, and signing in again resumes the page', async () => {
  await withPage(browser, 'expired', async (page) => {
    await openAt(page, server.url, '/runs');
    await page.route('**/api/v1/**', (route) => route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'unauthorized', message: 'Sign in again.' }),
    }));
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session ended').waitFor();
    assert.match(page.url(), /\/people$/);
    await page.unroute('**/api/v1/**');
    await page.getByLabel('Admin token').fill('e2e-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  });
});
