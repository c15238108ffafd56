// Screenshots of the dashboard, light and dark, against a fresh server fed over SCIM, for a
// person to look at: `node tests/e2e/screenshot.mjs [out-dir]`.

import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { launchBrowser, oktaUser, scim, signIn, startServer } from './support.mjs';

const out = resolve(process.argv[2] ?? 'tests/e2e/artifacts/screens');
await mkdir(out, { recursive: true });
const server = await startServer({ seatLimit: 3 });
const browser = await launchBrowser();
try {
  for (const [name, team] of [['ada', true], ['grace', true], ['linus', false], ['ada', true]]) {
    await scim(server.url, 'POST', '/Users', oktaUser(`${name}@example.com`, team));
  }
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 760 } });
    await page.goto(`${server.url}/`);
    await page.screenshot({ path: join(out, `sign-in-${colorScheme}.png`) });
    await signIn(page, server.url);
    await page.getByRole('meter').waitFor();
    await page.screenshot({ path: join(out, `overview-${colorScheme}.png`) });
    await page.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
