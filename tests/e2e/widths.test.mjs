// The dashboard at the widths it is embedded at: 760 px (a settings panel) and 1024 px, signed
// in, on the demo data. No page scrolls sideways, no table overflows its frame, and the
// failures table keeps the two columns an admin came for, "User or group" and "Message",
// readable.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admin, launchBrowser, openAt, simulate, startServer, withPage } from './support.mjs';

// Wide enough for a userName or a line of the message; at 760 px they were a few pixels wide.
const KEY_COLUMN_MIN_PX = 160;

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 5 });
  await simulate(server.url, 'demo');
  // Admin actions for the Activity page, one with a long unbroken name to wrap.
  assert.equal((await admin(server.url, 'PUT', '/settings', { seat_limit: 6 })).status, 200);
  const connection = await admin(server.url, 'POST', '/connections', { name: `okta-${'x'.repeat(90)}` });
  assert.equal(connection.status, 201);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** How far the page and each table frame overflow sideways, in pixels (0 when they fit). */
function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const frames = [...document.querySelectorAll('.ssd-table-wrap, .ssd-scroller, .ssd-card')]
      .map((el) => ({
        frame: el.querySelector('caption')?.textContent ?? el.className,
        by: el.scrollWidth - el.clientWidth,
      }))
      .filter((f) => f.by > 1);
    return { page: Math.max(0, root.scrollWidth - root.clientWidth), frames };
  });
}

for (const [width, colorScheme] of [[760, 'dark'], [1024, 'light']]) {
  test(`at ${width} px (${colorScheme}) every page fits its width and every table its frame`, async () => {
    await withPage(browser, `widths-${width}`, async (page) => {
      const visit = async (link, ready) => {
        if (link) await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: link, exact: true }).click();
        await ready();
        assert.deepEqual(await overflow(page), { page: 0, frames: [] }, `${page.url()} at ${width} px`);
      };
      await openAt(page, server.url, '/');
      await visit(null, () => page.getByRole('heading', { name: 'Recent runs' }).waitFor());
      await visit('Runs', () => page.getByRole('link', { name: /^Run \d+$/ }).first().waitFor());
      await page.getByRole('link', { name: /^Run \d+$/ }).first().click();
      await visit(null, () => page.getByRole('heading', { name: 'Failures by category' }).waitFor());
      await visit('Failures', () => page.locator('.ssd-failures__target a').first().waitFor());

      const columns = await page.locator('table.ssd-failures thead th').evaluateAll((cells) => Object.fromEntries(
        cells.map((th) => [th.textContent, Math.round(th.getBoundingClientRect().width)]),
      ));
      for (const key of ['User or group', 'Message']) {
        assert.ok(columns[key] >= KEY_COLUMN_MIN_PX, `"${key}" is ${columns[key]} px wide at ${width} px: ${JSON.stringify(columns)}`);
      }
      // Times and categories are whole: they wrap within the row, not cut.
      const cut = await page.locator('table.ssd-failures tbody').evaluate((body) => [
        ...body.querySelectorAll('.ssd-failures__time .ssd-clamp, .ssd-badge'),
      ].filter((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight).map((el) => el.textContent));
      assert.deepEqual(cut, [], `cut at ${width} px`);

      await page.getByLabel('Category').selectOption('user_already_exists');
      await page.getByText(/failures? match(es)? these filters/).waitFor();
      await page.locator('.ssd-failures__target a').first().click();
      await visit(null, () => page.getByRole('heading', { name: 'The request, redacted' }).waitFor());
      await visit('Groups', () => page.getByRole('table', { name: 'SCIM groups' }).waitFor());
      await visit('People', () => page.getByRole('table', { name: 'Users and Readers' }).waitFor());
      await visit('Activity', () => page.getByRole('table', { name: 'Admin actions, newest first' }).waitFor());
      await visit('Settings', () => page.getByRole('button', { name: /Turn SCIM (on|off)/ }).waitFor());
    }, { colorScheme, viewport: { width, height: 900 } });
  });
}
