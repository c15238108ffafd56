// Measures the windowed failures table with a large list: `node tests/e2e/scroll-measure.mjs
// [failures]` (default 100,000). Records that many failures through real SCIM requests (a wrong
// token: each is an `auth` failure), opens the failures, scrolls from the first row to the last
// while Chromium traces, and prints the most rows the DOM held and the scripting time. Not a
// test: a measurement for a person to read (it takes minutes).

import { join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { launchBrowser, openAt, refusedRequests, startServer } from './support.mjs';

const count = Number(process.argv[2] ?? 100_000);
const out = resolve(import.meta.dirname, 'artifacts');
await mkdir(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
try {
  let started = Date.now();
  await refusedRequests(server.url, count, 64);
  console.log(`${count} failures recorded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openAt(page, server.url, '/failures');
  const scroller = page.getByRole('region', { name: 'Failures (scrolls)' });
  await page.locator('.ssd-table__row a').first().waitFor();
  const total = Number(await page.locator('.ssd-failures').getAttribute('aria-rowcount')) - 1;

  await browser.startTracing(page, {
    path: join(out, 'scroll-trace.json'),
    categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'],
  });
  started = Date.now();
  // Scroll as a person dragging the scrollbar fast would: a screenful and a half per frame,
  // waiting for the rows to arrive when the list outruns the pages fetched so far.
  const most = await scroller.evaluate(async (el, total) => {
    let most = 0;
    const frame = () => new Promise((ok) => requestAnimationFrame(ok));
    const lastShown = () => {
      const rows = el.querySelectorAll('.ssd-table__row a');
      return rows.length ? Number(rows[rows.length - 1].closest('tr').getAttribute('aria-rowindex')) : 0;
    };
    while (true) {
      el.scrollTop += el.clientHeight * 1.5;
      await frame();
      most = Math.max(most, el.querySelectorAll('.ssd-table__row').length);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 && lastShown() === total + 1) break;
    }
    return most;
  }, total);
  const seconds = (Date.now() - started) / 1000;
  const trace = Buffer.from(await browser.stopTracing()).toString('utf8');
  await writeFile(join(out, 'scroll-trace.json'), trace);

  // Scripting as DevTools counts it: script tasks on the page's main thread, less the style,
  // layout, HTML parsing and paint they force (counted apart as rendering).
  const events = JSON.parse(trace).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid);
  const union = (names) => {
    const spans = onMain.filter((e) => names.has(e.name)).map((e) => [e.ts, e.ts + (e.dur ?? 0)])
      .sort((a, b) => a[0] - b[0]);
    const out = [];
    for (const [from, to] of spans) {
      if (out.length && from <= out[out.length - 1][1]) out[out.length - 1][1] = Math.max(out[out.length - 1][1], to);
      else out.push([from, to]);
    }
    return out;
  };
  const length = (spans) => spans.reduce((sum, [a, b]) => sum + (b - a), 0);
  const overlap = (xs, ys) => {
    let i = 0; let j = 0; let sum = 0;
    while (i < xs.length && j < ys.length) {
      const from = Math.max(xs[i][0], ys[j][0]);
      const to = Math.min(xs[i][1], ys[j][1]);
      if (from < to) sum += to - from;
      if (xs[i][1] < ys[j][1]) i++; else j++;
    }
    return sum;
  };
  const script = union(new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame',
    'EventDispatch', 'RunMicrotasks', 'v8.callFunction', 'V8.Execute', 'v8.run']));
  const rendering = union(new Set(['Layout', 'UpdateLayoutTree', 'ParseHTML', 'PrePaint', 'Paint',
    'Commit', 'Layerize', 'ScrollLayer', 'HitTest']));
  const scriptingMs = (length(script) - overlap(script, rendering)) / 1000;
  const renderingMs = length(rendering) / 1000;
  console.log(`scrolled ${total.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`);
  console.log(`most rows in the DOM at once: ${most}`);
  console.log(`scripting while scrolling: ${scriptingMs.toFixed(0)} ms (rendering: ${renderingMs.toFixed(0)} ms)`);
  console.log(`trace: ${join(out, 'scroll-trace.json')}`);
} finally {
  await browser.close();
  await server.stop();
}
