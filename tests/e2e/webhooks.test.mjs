// Webhooks end to end: an admin adds an endpoint in the dashboard (Settings > Webhooks) and reads
// its secret once, sends a test event that a receiver on loopback gets signed with that secret,
// and sees the delivery listed as delivered; a rotated secret signs the next one; a delete goes
// through the confirmation. axe-core finds nothing on the page, light or dark.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { expectNoAxeViolations, launchBrowser, openAt, startServer, withPage } from './support.mjs';

let server;
let browser;
let receiver;
const received = [];
const arrivals = new EventEmitter();

before(async () => {
  receiver = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(204).end();
      arrivals.emit('delivery');
    });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  server = await startServer({ env: { SSD_WEBHOOK_ALLOW_LOOPBACK: 'true' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

/** Whether `delivery` carries the signature `secret` makes of its timestamp and body. */
function signedWith(delivery, secret) {
  const [, t, v1] = delivery.headers['x-ssd-signature'].match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  const expected = createHmac('sha256', secret).update(`${t}.`).update(delivery.body).digest('hex');
  return v1 === expected;
}

/** The secret the page shows once, in its "new secret" panel. */
async function shownSecret(page) {
  const panel = page.getByRole('region', { name: /^New secret for / });
  await panel.getByText('Copy it now: it will not be shown again.').waitFor();
  return (await panel.locator('code').textContent()).trim();
}

/** The first `count` deliveries the receiver got, once it has them (20 s at most). */
async function deliveries(count) {
  while (received.length < count) {
    await once(arrivals, 'delivery', { signal: AbortSignal.timeout(20_000) });
  }
  return received.slice(0, count);
}

test('a test event reaches the endpoint signed with the secret the page showed, and is listed as delivered', async () => {
  const url = `http://127.0.0.1:${receiver.address().port}/hooks/ssd`;
  await withPage(browser, 'webhooks', async (page) => {
    await openAt(page, server.url, '/settings');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    assert.match(page.url(), /\/settings\/webhooks$/);
    await page.getByText('No webhook endpoint yet').waitFor();

    await page.getByLabel('Endpoint URL (https)').fill(url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await shownSecret(page);
    assert.match(secret, /^ssd_whsec_[0-9a-f]{64}$/);
    await page.getByRole('status').getByText(`New secret for ${url}`).waitFor();
    const endpoint = page.getByRole('region', { name: url, exact: true });
    await endpoint.getByText('No delivery yet.').waitFor();
    await expectNoAxeViolations(page, 'the webhooks page (light)');

    await endpoint.getByRole('button', { name: `Send test event ${url}` }).click();
    await page.getByRole('status').getByText(`Sent a test event to ${url}.`).waitFor();
    const [first] = await deliveries(1);
    assert.equal(first.headers['x-ssd-event'], 'test');
    assert.ok(signedWith(first, secret), 'signed with the secret shown once');
    const row = endpoint.getByRole('row', { name: /test/ });
    await row.getByText('Delivered').waitFor();
    assert.match(await row.innerText(), /HTTP 204/);

    // A rotated secret signs the next delivery; the old one no longer does.
    await page.getByRole('button', { name: 'I have copied it: hide the secret' }).click();
    await endpoint.getByRole('button', { name: `Rotate secret ${url}` }).click();
    const rotated = await shownSecret(page);
    assert.notEqual(rotated, secret);
    await endpoint.getByRole('button', { name: `Send test event ${url}` }).click();
    const [, second] = await deliveries(2);
    assert.ok(signedWith(second, rotated), 'signed with the new secret');
    assert.ok(!signedWith(second, secret), 'not with the old one');
    assert.notEqual(second.headers['x-ssd-delivery'], first.headers['x-ssd-delivery']);

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expectNoAxeViolations(page, 'the webhooks page (dark)');

    await endpoint.getByRole('button', { name: `Delete ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook endpoint?' });
    await dialog.getByText(`Nothing more is sent to ${url}`).waitFor();
    await expectNoAxeViolations(page, 'the delete confirmation');
    await dialog.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('status').getByText(`Deleted ${url}`).waitFor();
    await page.getByText('No webhook endpoint yet').waitFor();
  });
});
