// Screenshots of the Groups page, a group, and the re-push dialog in each state (does not fit,
// fits, progress, result, refused by the server), light and dark, against a fresh server fed over
// SCIM, for a person to look at: `node tests/e2e/screenshot-groups.mjs [out-dir]`.

import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_TOKEN, launchBrowser, oktaUser, scim, signIn, startServer } from './support.mjs';

const out = resolve(process.argv[2] ?? 'tests/e2e/artifacts/screens');
await mkdir(out, { recursive: true });
const server = await startServer({ seatLimit: 1 });
const browser = await launchBrowser();

async function admin(method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

async function seatsUsed() {
  return (await admin('GET', '/status')).seats.used;
}

async function pushGroup(displayName, members) {
  const created = await scim(server.url, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [],
  });
  await scim(server.url, 'PATCH', `/Groups/${created.body.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'members', value: members }],
  });
  return created.body.id;
}

try {
  const ada = (await scim(server.url, 'POST', '/Users', oktaUser('ada@example.com', true))).body;
  const linus = (await scim(server.url, 'POST', '/Users', oktaUser('linus@example.com', false))).body;
  const gone = await pushGroup('Readers club', [{ value: linus.id, display: 'linus@example.com' }]);
  await admin('DELETE', `/groups/${gone}`);

  for (const colorScheme of ['light', 'dark']) {
    // A group whose members could not all be provisioned: the licence was full.
    await admin('PUT', '/settings', { seat_limit: await seatsUsed() });
    const names = [`grace.${colorScheme}@example.com`, `alan.${colorScheme}@example.com`];
    for (const name of names) await scim(server.url, 'POST', '/Users', oktaUser(name, true));
    await pushGroup(`Engineering ${colorScheme}`, [
      { value: ada.id, display: 'ada@example.com' },
      ...names.map((name) => ({ value: name, display: name })),
      { value: `nobody.${colorScheme}@example.com`, display: `nobody.${colorScheme}@example.com` },
    ]);

    const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 900 } });
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Groups' }).click();
    const row = page.getByRole('row', { name: new RegExp(`Engineering ${colorScheme}`) });
    await row.waitFor();
    await row.getByRole('checkbox').check();
    await page.screenshot({ path: join(out, `groups-${colorScheme}.png`) });

    const open = page.getByRole('button', { name: /^Re-push selected/ });
    const dialog = page.getByRole('dialog');
    await open.click();
    await dialog.getByText('Does not fit.').waitFor();
    await page.screenshot({ path: join(out, `repush-does-not-fit-${colorScheme}.png`) });
    await page.keyboard.press('Escape');

    await admin('PUT', '/settings', { seat_limit: (await seatsUsed()) + 2 });
    await open.click();
    await dialog.getByText('Needs 2 seats; 2 are free.').waitFor();
    await page.screenshot({ path: join(out, `repush-fits-${colorScheme}.png`) });

    // Seats taken meanwhile: the server refuses with its fresh plan.
    await admin('PUT', '/settings', { seat_limit: await seatsUsed() });
    await dialog.getByRole('button', { name: 'Re-push 1 group' }).click();
    await dialog.getByText('The server refused the re-push').waitFor();
    await page.screenshot({ path: join(out, `repush-refused-${colorScheme}.png`) });
    await page.keyboard.press('Escape');

    // The answer held back a moment, so the progress the stream reported stays on screen.
    await admin('PUT', '/settings', { seat_limit: (await seatsUsed()) + 2 });
    await page.route('**/api/v1/repush', async (route) => {
      const response = await route.fetch();
      await sleep(2500);
      await route.fulfill({ response });
    });
    await open.click();
    await dialog.getByText('Needs 2 seats; 2 are free.').waitFor();
    await dialog.getByRole('button', { name: 'Re-push 1 group' }).click();
    await dialog.getByRole('progressbar').waitFor();
    await dialog.getByText(/of \d+ members handled/).waitFor();
    await page.screenshot({ path: join(out, `repush-progress-${colorScheme}.png`) });
    await dialog.getByText('Re-push done.').waitFor();
    await page.screenshot({ path: join(out, `repush-result-${colorScheme}.png`) });
    await page.unroute('**/api/v1/repush');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('link', { name: `Engineering ${colorScheme}` }).click();
    await page.getByRole('heading', { name: 'Members the identity provider last pushed' }).waitFor();
    await page.screenshot({ path: join(out, `group-${colorScheme}.png`), fullPage: true });
    await page.close();
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
