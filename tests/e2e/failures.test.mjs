// The failures ("View details") end to end, on traffic from the IdP simulator: filters and text
// search kept in the URL, the failure detail with its remedy in the words of the IdP that sent
// the request, Retry and its outcome, the CSV export, the keyboard, and axe-core.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import {
  admin, expectNoAxeViolations, holdRequests, launchBrowser, openAt, rowsDimmed, simulate,
  startServer, withPage,
} from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 3 });
  await simulate(server.url, 'licence-limit', ['--users', '8', '--groups', '1']);
  await simulate(server.url, 'duplicate-user');
  await simulate(server.url, 'user-already-exists');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('choosing a category puts it in the URL, and the URL alone restores the filtered list', async () => {
  await withPage(browser, 'failures-filter-url', async (page) => {
    await openAt(page, server.url, '/failures');
    await page.getByText(/^\d[\d,]* failures?$/).waitFor();
    await page.getByLabel('Category').selectOption('licence_limit');
    await page.waitForURL(/category=licence_limit/);
    await page.getByText(/failures? match(es)? these filters/).waitFor();
    const badges = page.locator('.ssd-failures tbody .ssd-badge');
    await badges.first().waitFor();
    for (const text of await badges.allTextContents()) assert.equal(text, 'Licence limit reached');

    const url = page.url();
    await openAt(page, server.url, new URL(url).pathname + new URL(url).search);
    assert.equal(await page.getByLabel('Category').inputValue(), 'licence_limit');
    await page.getByText(/failures? match(es)? these filters/).waitFor();
  });
});

test('a time range typed in the admin\'s zone filters by the moments it names, on both sides of a DST change', async () => {
  await withPage(browser, 'failures-time-range', async (page) => {
    // Berlin is UTC+1 on 28 March 2026 and UTC+2 from 29 March.
    await openAt(page, server.url, '/failures');
    await page.getByLabel('From').fill('2026-03-28T10:00');
    await page.waitForURL((u) => new URL(u).searchParams.get('since') === '2026-03-28T09:00:00Z');
    await page.getByLabel('Until').fill('2026-03-30T10:00');
    await page.waitForURL((u) => new URL(u).searchParams.get('until') === '2026-03-30T08:00:00Z');
    await page.getByText('No failure matches these filters.').waitFor();

    await openAt(page, server.url, '/failures?since=2026-10-24T22:00:00Z&until=2026-10-26T23:00:00Z');
    assert.equal(await page.getByLabel('From').inputValue(), '2026-10-25T00:00');
    assert.equal(await page.getByLabel('Until').inputValue(), '2026-10-27T00:00');
  }, { timezoneId: 'Europe/Berlin', locale: 'en-GB' });
});

test('while a new filter\'s answer is on its way, the failures table is aria-busy with the old rows dimmed', async () => {
  await withPage(browser, 'failures-busy', async (page) => {
    await openAt(page, server.url, '/failures');
    const table = page.locator('table.ssd-failures');
    await table.locator('.ssd-failures__target a').first().waitFor();
    assert.equal(await table.getAttribute('aria-busy'), null);
    const filtered = await holdRequests(page, (url) => url.pathname.endsWith('/api/v1/failures')
      && url.searchParams.get('category') === 'duplicate_user');

    await page.getByLabel('Category').selectOption('duplicate_user');
    await filtered.sent;

    await page.locator('table.ssd-failures[aria-busy="true"]').waitFor();
    assert.equal(await rowsDimmed(table), true);
    await page.getByRole('status').getByText('Loading failures…').waitFor();
    filtered.release();
    await page.locator('table.ssd-failures:not([aria-busy])').waitFor();
    await page.getByText(/failures? match(es)? these filters/).waitFor();
    assert.equal(await rowsDimmed(table), false);
    for (const text of await table.locator('tbody .ssd-badge').allTextContents()) assert.equal(text, 'Duplicate user');
  });
});

test('a long category wraps inside its badge instead of being cut', async () => {
  await withPage(browser, 'failures-badge-wrap', async (page) => {
    await openAt(page, server.url, '/failures?category=user_already_exists');
    const badge = page.locator('.ssd-failures tbody .ssd-badge').first();
    await badge.getByText('User already available in the project').waitFor();
    const fit = await badge.evaluate((el) => {
      const cell = el.closest('td').getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        cut: el.scrollWidth > el.clientWidth,
        inside: box.left >= cell.left && box.right <= cell.right && box.top >= cell.top && box.bottom <= cell.bottom,
      };
    });
    assert.deepEqual(fit, { cut: false, inside: true });
  });
});

test('the text search narrows the list and is kept in the URL', async () => {
  await withPage(browser, 'failures-search', async (page) => {
    await openAt(page, server.url, '/failures');
    const first = page.locator('.ssd-failures__target a').first();
    await first.waitFor();
    const name = await first.textContent();
    await page.getByLabel('Search').fill(name);
    await page.waitForURL((u) => new URL(u).searchParams.get('q') === name);
    await page.getByText(/failures? match(es)? these filters/).waitFor();
    assert.equal(await page.locator('.ssd-failures__target a').first().textContent(), name);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(/\/failures$/);
    assert.equal(await page.getByLabel('Search').inputValue(), '');
  });
});

test('a failure explains its category in the words of the IdP that sent it, with its request and timeline', async () => {
  await withPage(browser, 'failure-detail', async (page) => {
    await openAt(page, server.url, '/failures?category=licence_limit');
    await page.locator('.ssd-failures__target a').first().click();
    await page.getByRole('heading', { level: 1, name: /^Licence limit reached/ }).waitFor();
    const remedy = page.getByRole('region', { name: 'Licence limit reached' });
    await remedy.getByRole('heading', { name: 'What to do in Okta' }).waitFor();
    await remedy.getByText('Retry All Groups').waitFor();
    await remedy.getByRole('link', { name: 'Free seats' }).waitFor();
    await page.getByRole('region', { name: 'The request, redacted' }).getByText('"userName"').waitFor();
    await page.getByRole('heading', { name: /^Timeline of this/ }).waitFor();
    // A failed create has no id: its timeline is its userName's, with this very request in it.
    const timeline = page.getByRole('region', { name: /^Timeline of this/ });
    await timeline.locator('[aria-current="true"]').getByText('POST /scim/v2/Users').waitFor();
    await expectNoAxeViolations(page, 'a failure');
  });
});

test('Retry shows its outcome: refused while no seat is free, then accepted once one is', async () => {
  await withPage(browser, 'failure-retry', async (page) => {
    await openAt(page, server.url, '/failures?category=licence_limit&resource_type=User');
    await page.locator('.ssd-failures__target a').first().click();
    await page.getByRole('heading', { level: 1, name: /^Licence limit reached/ }).waitFor();
    // A limit below the seats in use leaves none free.
    assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 0 })).status, 200);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.getByText(/The retry failed again: Licence limit reached/).waitFor();

    assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 50 })).status, 200);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.getByText(/The retry succeeded/).waitFor();
    await page.getByRole('heading', { name: 'Earlier retries' }).waitFor();
    await admin(server.url, 'PUT', '/settings', { seat_limit: 3 });
  });
});

test('Export CSV downloads the failures of the current filter', async () => {
  await withPage(browser, 'failures-csv', async (page) => {
    await openAt(page, server.url, '/failures?category=duplicate_user');
    const summary = await page.getByText(/failures? match(es)? these filters/).textContent();
    const expected = Number(summary.match(/^[\d,]+/)[0].replace(/,/g, ''));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'failures.csv');
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.equal(lines.length, expected + 1, lines.slice(0, 3).join('\n'));
    assert.ok(lines.slice(1).every((line) => line.includes('duplicate_user')), lines[1]);
  });
});

test('the failures can be filtered, scrolled and opened with the keyboard alone', async () => {
  await withPage(browser, 'failures-keyboard', async (page) => {
    await openAt(page, server.url, '/failures');
    await page.locator('.ssd-failures__target a').first().waitFor();
    const category = page.getByLabel('Category');
    for (let i = 0; i < 30 && !(await category.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await category.evaluate((el) => el === document.activeElement), 'Tab reaches the category filter');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/category=/);
    const scroller = page.getByRole('region', { name: 'Failures (scrolls)' });
    for (let i = 0; i < 30 && !(await scroller.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    assert.ok(await scroller.evaluate((el) => el === document.activeElement), 'Tab reaches the table');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    assert.match(focused ?? '', /\/failures\/\d+$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/failures\/\d+$/);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    assert.ok(await heading.evaluate((el) => el === document.activeElement), 'focus moves to the new page');
  });
});

test('the failures list has no axe-core violations, light and dark', async () => {
  await withPage(browser, 'failures-axe', async (page) => {
    await openAt(page, server.url, '/failures');
    await page.locator('.ssd-failures__target a').first().waitFor();
    await expectNoAxeViolations(page, 'the failures (light)');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expectNoAxeViolations(page, 'the failures (dark)');
  });
});
