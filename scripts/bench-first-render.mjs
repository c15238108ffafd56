// Benchmark, not a test: how long an admin waits from navigation to the overview's first
// rendered figures, on a slow machine and a slow line. Cold cache (a new browser context and
// the cache disabled), Chromium throttled through the DevTools protocol to 1.6 Mbit/s down,
// 750 kbit/s up, 150 ms round trip, and a 4× CPU slowdown. The server is the real one with
// the `demo` scenario's data, signed in with a real session cookie.
//
//   node scripts/bench-first-render.mjs [DIST_DIR] [RUNS]
//
// DIST_DIR defaults to ./dist (a `trunk build --release`), RUNS to 5; SSD_SERVER_BIN names
// the server binary. To compare two builds, run it once per dist directory on the same
// machine and compare the medians (the ratio is what carries over, not the milliseconds).

import { resolve } from 'node:path';
import { ADMIN_TOKEN, launchBrowser, simulate, startServer } from '../tests/e2e/support.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 5);
// Chromium's throughput is in bytes per second.
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
// The overview's first figure: the Readers count in the status summary.
const FIGURE = '.ssd-overview .ssd-figure';

const server = await startServer({ distDir: dist });
const browser = await launchBrowser();
try {
  await simulate(server.url, 'demo');
  const cookies = await sessionCookies(browser, server.url);
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(await firstFigure(browser, server.url, cookies));
    console.log(`run ${i + 1}: ${times.at(-1).toFixed(0)} ms`);
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  console.log(`first figures, median of ${runs}: ${median.toFixed(0)} ms (${dist})`);
} finally {
  await browser.close();
  await server.stop();
}

/** Signs in once, unthrottled, and answers the session's cookies. */
async function sessionCookies(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(FIGURE).first().waitFor({ state: 'attached' });
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

/** One cold, throttled navigation: milliseconds from navigation start to the first figure. */
async function firstFigure(browser, url, cookies) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  // Records the moment the figure is first in the document, on the page's own clock.
  await context.addInitScript((selector) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        window.__ssdFirstFigure = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, FIGURE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.goto(`${url}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__ssdFirstFigure !== undefined, null, { timeout: 120_000 });
  const at = await page.evaluate(() => window.__ssdFirstFigure);
  await context.close();
  return at;
}
