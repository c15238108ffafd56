// Connection health on the overview: the panel names each connection's state, why and the next
// step, and follows the project's traffic live — failing, then degraded, then healthy again —
// without a reload; axe-core clean, light and dark.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  admin, expectNoAxeViolations, launchBrowser, oktaUser, scim, signIn, startServer, withPage,
} from './support.mjs';

let server;
let browser;

before(async () => {
  // The watcher judges every 200 ms, so a change of health reaches the stream at once.
  server = await startServer({ env: { SSD_HEALTH_CHECK_MS: '200' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A User as a broken attribute mapping pushes it: no userName (400). */
async function brokenUser(email) {
  const user = oktaUser(email, true);
  delete user.userName;
  assert.equal((await scim(server.url, 'POST', '/Users', user)).status, 400);
}

test('the health panel turns failing, degraded and healthy again live, with the cause and the next step', async () => {
  // Judged from the first request (the default waits for 20): one failure of one is failing.
  const thresholds = (await admin(server.url, 'GET', '/health/thresholds')).body;
  const strict = { ...thresholds, min_requests: 1 };
  assert.equal((await admin(server.url, 'PUT', '/health/thresholds', strict)).status, 200);

  await withPage(browser, 'health-live', async (page) => {
    await signIn(page, server.url);
    const panel = page.getByRole('region', { name: 'Connection health' });
    const item = panel.getByRole('listitem');
    await item.getByText('No request has used this connection yet.').waitFor();
    assert.equal(await item.getAttribute('data-state'), 'healthy');
    await page.getByText('Live', { exact: true }).waitFor();

    await brokenUser('broken@example.com');
    await item.getByText('1 of the latest 1 requests failed').waitFor();
    assert.equal(await item.locator('.ssd-state').innerText(), 'Failing');
    const [connection] = (await admin(server.url, 'GET', '/connections')).body;
    assert.ok((await item.innerText()).includes(`Okta · ${connection.name}`), await item.innerText());
    assert.match(await item.innerText(), /Next step: \S/);
    await expectNoAxeViolations(page, 'the overview with a failing connection (light)');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expectNoAxeViolations(page, 'the overview with a failing connection (dark)');

    // 1 failed of 5 (20 %): degraded; of 11 (9 %): healthy.
    for (let i = 0; i < 4; i += 1) {
      assert.equal((await scim(server.url, 'POST', '/Users', oktaUser(`ok${i}@example.com`, false))).status, 201);
    }
    await item.getByText('1 of the latest 5 requests failed').waitFor();
    assert.equal(await item.getAttribute('data-state'), 'degraded');
    for (let i = 4; i < 10; i += 1) {
      assert.equal((await scim(server.url, 'POST', '/Users', oktaUser(`ok${i}@example.com`, false))).status, 201);
    }
    await item.getByText('Requests arrive and succeed.').waitFor();
    assert.equal(await item.getAttribute('data-state'), 'healthy');
    assert.equal(await item.getByText('Next step:').count(), 0);
  });
});
