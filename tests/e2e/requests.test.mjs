// An overview left open during a running sync follows it from the live stream: its reads of
// /status, /runs and /health stay within a fixed count per interval however long it stays open, it
// notices the end of the run (announced by the server when the idle gap has passed) without
// polling, and then it sends nothing while nothing happens. Should the stream not deliver, the
// overview still sees the end: it re-reads once when the server said the run would end.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launchBrowser, oktaUser, openAt, scim, startServer, startSimulation, withPage,
} from './support.mjs';

const INTERVAL_MS = 10_000;
const INTERVALS = 6;
// The live feed moves pages at most once per second (`FLUSH_MS`) and once after a
// reconnection: at most 11 + 1 reads of each per 10 s, whatever the sync's rate.
const MAX_READS_PER_INTERVAL = 12;
const IDLE_GAP_SECS = 5;
// `steady` with this many people plays well over 60 s at 20 requests/s.
const USERS = '800';

let server;
let browser;
let sync;

before(async () => {
  server = await startServer({ runIdleGapSecs: IDLE_GAP_SECS });
  browser = await launchBrowser();
});

after(async () => {
  await sync?.stop();
  await browser?.close();
  await server?.stop();
});

test('an overview open for 60 s of a running sync reads /status, /runs and /health at most 12 times per 10 s each', async (t) => {
  await withPage(browser, 'overview-requests', async (page) => {
    const reads = { status: 0, runs: 0, health: 0 };
    page.on('request', (request) => {
      const read = new URL(request.url()).pathname.match(/\/api\/v1\/(status|runs|health)$/);
      if (read) reads[read[1]] += 1;
    });
    await openAt(page, server.url, '/');
    await page.getByText('Live', { exact: true }).waitFor();
    sync = startSimulation(server.url, 'steady', ['--users', USERS, '--rate', '20']);
    let playing = true;
    sync.exited.then(() => { playing = false; });
    const progress = page.getByRole('region', { name: /^Sync in progress from / });
    await progress.waitFor();

    const perInterval = [];
    for (let i = 0; i < INTERVALS; i++) {
      const start = { ...reads };
      await page.waitForTimeout(INTERVAL_MS);
      perInterval.push(Object.fromEntries(Object.keys(reads).map((k) => [k, reads[k] - start[k]])));
    }
    t.diagnostic(`reads per 10 s (status/runs/health): ${perInterval.map((n) => `${n.status}/${n.runs}/${n.health}`).join(', ')}`);

    assert.ok(playing, `the sync was still playing after ${INTERVALS * INTERVAL_MS / 1000} s`);
    assert.ok(await progress.isVisible(), 'the overview still shows the sync in progress');
    for (const [i, n] of perInterval.entries()) {
      const interval = `${i * 10}-${(i + 1) * 10} s`;
      for (const [path, count] of Object.entries(n)) {
        assert.ok(count <= MAX_READS_PER_INTERVAL, `${count} reads of /${path} in ${interval}`);
        // Still live: the overview keeps following the sync.
        assert.ok(count >= 1, `no read of /${path} in ${interval}`);
      }
    }

    // The server announces the end of the run once the idle gap has passed; the overview
    // shows it and reads /status and /runs once more, then nothing until something happens.
    const timeout = IDLE_GAP_SECS * 1000 + 15_000;
    const readOfEndedRun = (path, run) => page.waitForResponse(
      async (response) => new URL(response.url()).pathname.endsWith(path)
        && run(await response.json())?.status !== 'running',
      { timeout },
    );
    const endRead = Promise.all([
      readOfEndedRun('/api/v1/status', (status) => status.last_run),
      readOfEndedRun('/api/v1/runs', (runs) => runs.items[0]),
    ]);
    // What the overview last read, for the message if the end is never seen.
    const seen = { status: null, runs: null };
    page.on('response', async (response) => {
      const read = new URL(response.url()).pathname.match(/\/api\/v1\/(status|runs)$/);
      if (read) seen[read[1]] = await response.json().catch(() => null);
    });
    await sync.stop();
    const stoppedAt = Date.now();
    await endRead.catch((error) => {
      throw new Error(`${error.message}; ${Date.now() - stoppedAt} ms after the sync stopped, the last /status said `
        + `${JSON.stringify(seen.status?.last_run)} and the last /runs ${JSON.stringify(seen.runs?.items?.[0])}`);
    });
    await page.getByRole('heading', { name: 'Last sync' }).waitFor();
    assert.ok(!(await progress.isVisible()), 'the sync in progress is gone once the run ended');

    const ended = { ...reads };
    await page.waitForTimeout(2 * IDLE_GAP_SECS * 1000);
    assert.deepEqual(
      Object.fromEntries(Object.keys(reads).map((k) => [k, reads[k] - ended[k]])),
      { status: 0, runs: 0, health: 0 },
      'no read while nothing happens',
    );
  });
});

test('an overview whose live stream never opens still sees the run end, with one read when it was due', async () => {
  await withPage(browser, 'overview-no-stream', async (page) => {
    // The stream is refused every time: no message, no flush, nothing else moves the page.
    await page.route(/\/api\/v1\/stream\?/, (route) => route.abort());
    const reads = { status: 0, runs: 0, health: 0 };
    page.on('request', (request) => {
      const read = new URL(request.url()).pathname.match(/\/api\/v1\/(status|runs|health)$/);
      if (read) reads[read[1]] += 1;
    });
    assert.equal((await scim(server.url, 'POST', '/Users', oktaUser('no-stream.reader@example.com', false))).status, 201);
    await openAt(page, server.url, '/');
    const progress = page.getByRole('region', { name: /^Sync in progress from / });
    await progress.waitFor();
    await page.getByText(/^Live updates lost: reconnecting in \d+ s$/).waitFor();

    await page.getByRole('heading', { name: 'Last sync' }).waitFor({ timeout: IDLE_GAP_SECS * 1000 + 10_000 });
    assert.ok(!(await progress.isVisible()), 'the sync in progress is gone once the run ended');
    assert.deepEqual(reads, { status: 2, runs: 2, health: 2 }, 'the first reads, and one more each when the run was due to end');
  });
});
