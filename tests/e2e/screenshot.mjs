// Screenshots of every page of the dashboard, light and dark, against a fresh server fed by the
// IdP simulator, for a person to look at: `node tests/e2e/screenshot.mjs [out-dir] [width…]`
// (widths in CSS pixels; by default 1200, 1024 and 760, an embedding settings panel's width).
// Files are named PAGE-WIDTH-SCHEME.png.

import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { admin, launchBrowser, openAt, simulate, startServer } from './support.mjs';

const out = resolve(process.argv[2] ?? 'tests/e2e/artifacts/screens');
const widths = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1200, 1024, 760];
await mkdir(out, { recursive: true });
const server = await startServer({
  seatLimit: 5, runIdleGapSecs: 2, env: { SSD_WEBHOOK_ALLOW_LOOPBACK: 'true' },
});
const browser = await launchBrowser();
try {
  await simulate(server.url, 'demo');
  await new Promise((ok) => setTimeout(ok, 2500)); // let the last run end
  // A webhook endpoint nothing listens on: its test event waits for a retry, with the reason.
  const endpoint = await admin(server.url, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hooks' });
  await admin(server.url, 'POST', `/webhooks/${endpoint.body.endpoint.id}/test`);
  for (const width of widths) for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } });
    const shot = (name, fullPage = true) => page.screenshot({ path: join(out, `${name}-${width}-${colorScheme}.png`), fullPage });

    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot('sign-in', false);

    await openAt(page, server.url, '/');
    await page.getByRole('meter').first().waitFor();
    await page.getByRole('heading', { name: 'Recent runs' }).waitFor();
    await shot('overview');

    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('link', { name: /^Run \d+$/ }).first().waitFor();
    await shot('runs');
    await page.getByRole('link', { name: /^Run \d+$/ }).first().click();
    await page.getByRole('heading', { name: 'Failures by category' }).waitFor();
    await shot('run');

    await page.getByRole('link', { name: 'Failures', exact: true }).click();
    await page.locator('.ssd-failures__target a').first().waitFor();
    await shot('failures', false);
    await page.getByLabel('Category').selectOption('user_already_exists');
    await page.locator('.ssd-failures__target a').first().waitFor();
    await page.locator('.ssd-failures__target a').first().click();
    await page.getByRole('heading', { name: 'The request, redacted' }).waitFor();
    await shot('failure');

    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('table', { name: 'SCIM groups' }).waitFor();
    await shot('groups');

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('cell').first().waitFor();
    await shot('people');

    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    await page.getByText(/^(\d+ actions?|No admin action matches\.)$/).waitFor();
    await shot('activity');

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: /Turn SCIM (on|off)/ }).waitFor();
    await shot('settings');
    if (await page.getByRole('button', { name: 'Turn SCIM off' }).count()) {
      await page.getByRole('button', { name: 'Turn SCIM off' }).click();
      await page.getByRole('dialog').waitFor();
      await shot('settings-confirm', false);
      await page.keyboard.press('Escape');
    }

    await page.getByRole('link', { name: 'SCIM setup' }).click();
    await page.getByRole('heading', { name: 'Setup guide' }).waitFor();
    await page.getByRole('table').first().waitFor();
    await shot('scim-setup');

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('table').first().waitFor();
    await shot('webhooks');

    await page.goto(`${server.url}/nowhere`);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    await shot('not-found', false);
    await page.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
