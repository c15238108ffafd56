// The dashboard in an iframe of a host page on another origin (allowed by --frame-ancestors):
// it tells the host its content height by postMessage, to the host's origin, and the host sizes
// the frame so that the dashboard has no scrollbar of its own, on a short page and on a long
// one. A frame that does not know its host's origin (no referrer) posts nothing: never to `*`.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, launchBrowser, startServer, withPage } from './support.mjs';

let host;
let server;
let browser;

before(async () => {
  // The host page: frames the dashboard and sizes the frame from its messages.
  host = createServer((request, response) => {
    // `/no-referrer` frames the dashboard without telling it where from.
    const policy = request.url === '/no-referrer' ? 'no-referrer' : 'strict-origin-when-cross-origin';
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!DOCTYPE html><html><body style="margin:0">
      <h1>Platform settings</h1>
      <iframe id="sync" src="${server.url}/" referrerpolicy="${policy}" style="width:900px;height:150px;border:0" title="SCIM sync"></iframe>
      <script>
        window.heights = [];
        addEventListener('message', (event) => {
          if (event.origin !== ${JSON.stringify(server.url)}) return;
          if (event.data?.type !== 'scim-sync-dashboard:height') return;
          window.heights.push(event.data.height);
          document.getElementById('sync').style.height = event.data.height + 'px';
        });
      </script></body></html>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  server = await startServer({ env: { SSD_FRAME_ANCESTORS: hostOrigin } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  host?.close();
});

/** Waits until the framed dashboard fits its frame (nothing to scroll inside it) while its
 *  page is drawn; fails if it never does. Its height as the host set it. */
async function fitsItsFrame(page) {
  const frame = page.frames().find((f) => f.url().startsWith(server.url));
  await frame.waitForFunction(() => {
    const { scrollHeight, clientHeight } = document.documentElement;
    return clientHeight > 300 && scrollHeight <= clientHeight + 1;
  }, null, { timeout: 20_000 });
  return page.locator('#sync').evaluate((f) => f.offsetHeight);
}

test('a framed dashboard sizes its frame by postMessage to the host origin, short page and long', async () => {
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  await withPage(browser, 'iframe', async (page) => {
    await page.goto(`${hostOrigin}/`);
    const dashboard = page.frameLocator('#sync');
    await dashboard.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await dashboard.getByRole('button', { name: 'Sign in' }).click();
    await dashboard.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await dashboard.getByRole('heading', { name: 'Last sync' }).waitFor();
    const overview = await fitsItsFrame(page);

    await dashboard.getByRole('link', { name: 'Settings', exact: true }).click();
    await dashboard.getByRole('link', { name: 'SCIM setup' }).click();
    await dashboard.getByRole('heading', { name: 'Setup guide' }).waitFor();
    const setup = await fitsItsFrame(page);
    assert.ok(setup > overview, `the frame grew with the longer page (${overview} → ${setup} px)`);
  });
});

test('a framed dashboard that does not know its host origin posts nothing', async () => {
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  await withPage(browser, 'iframe-no-referrer', async (page) => {
    await page.goto(`${hostOrigin}/no-referrer`);
    await page.frameLocator('#sync').getByLabel('Admin token').waitFor();
    // Two frames drawn in the dashboard (its resize observations run before each), then one
    // task in the host: a message posted meanwhile has been delivered.
    const frame = page.frames().find((f) => f.url().startsWith(server.url));
    await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
    assert.deepEqual(await page.evaluate(() => window.heights), []);
    assert.equal(await page.locator('#sync').evaluate((f) => f.offsetHeight), 150);
  });
});
