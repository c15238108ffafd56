// The help article's three group stories, end to end: real SCIM traffic as Okta sends it, the
// real server, the dashboard in headless Chromium. The re-push plan is computed in the browser;
// when it does not fit, no request may leave the browser.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ADMIN_TOKEN, expectNoAxeViolations, launchBrowser, oktaUser, openAt, scim, signIn, startServer, withPage,
} from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ seatLimit: 1 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A call of the admin API, as the dashboard makes it. */
async function admin(method, path, body) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

/** Okta's group push: create the group empty, then replace its members. */
async function pushGroup(displayName, members) {
  const created = await scim(server.url, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName,
    members: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const patched = await patchMembers(created.body.id, members);
  return { id: created.body.id, patch: patched.status };
}

function patchMembers(id, members) {
  return scim(server.url, 'PATCH', `/Groups/${id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'members', value: members }],
  });
}

async function user(userName, isTeamAccount) {
  const created = await scim(server.url, 'POST', '/Users', oktaUser(userName, isTeamAccount));
  return { status: created.status, id: created.body.id, userName };
}

/** Counts the re-push requests that leave the browser, and collects the page's errors. */
function countRepushes(page) {
  const seen = { count: 0, errors: [] };
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/repush') {
      seen.count += 1;
    }
  });
  const error = (text) => {
    seen.errors.push(text);
    console.error(`page error: ${text}`);
  };
  page.on('pageerror', (e) => error(e.message));
  page.on('console', (message) => {
    if (message.type() === 'error') error(message.text());
  });
  return seen;
}

test('licence limit reached: the dialog warns, sends nothing, and re-pushes once a seat is free', async () => {
  // One seat: the first User takes it, the second is refused, so the group cannot link it.
  const ada = await user('ada.licence@example.com', true);
  assert.equal(ada.status, 201);
  const bob = await user('bob.licence@example.com', true);
  assert.equal(bob.status, 403);
  const group = await pushGroup('Licence story', [
    { value: ada.id, display: ada.userName },
    { value: bob.userName, display: bob.userName },
  ]);
  assert.equal(group.patch, 400);

  await withPage(browser, 'groups-licence', async (page) => {
    const repushes = countRepushes(page);
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { name: 'Groups', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Licence story/ });
    await row.getByText('Members not linked').waitFor();
    await expectNoAxeViolations(page, 'on the Groups page');

    await page.getByRole('checkbox', { name: 'Select Licence story' }).check();
    await page.getByRole('button', { name: 'Re-push selected (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-push Licence story' });
    await dialog.getByText('Does not fit.').waitFor();
    await dialog.getByText('This re-push needs 1 licence seat but no seat is free').waitFor();
    await dialog.getByText('Needs 1 seat; none is free.').waitFor();
    assert.equal(await dialog.getByRole('link', { name: 'Free seats' }).getAttribute('href'), '/people?kind=user&active=true');
    assert.equal(await dialog.getByRole('link', { name: 'Raise the seat limit' }).getAttribute('href'), '/settings');
    await dialog.getByText('Push from Okta:').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Re-push 1 group' });
    assert.equal(await confirm.getAttribute('aria-disabled'), 'true');
    await expectNoAxeViolations(page, 'with the re-push dialog open');

    // Pressing the disabled confirm, by mouse and by keyboard, sends nothing.
    await confirm.click({ force: true });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('Nothing changed: the re-push stays disabled').waitFor();
    assert.equal(repushes.count, 0, 'no re-push request may leave the browser while the plan does not fit');

    // Esc closes the dialog and focus returns to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(repushes.count, 0);

    // A seat is freed: the admin raises the limit.
    assert.equal((await admin('PUT', '/settings', { seat_limit: 2 })).status, 200);
    await page.getByRole('button', { name: 'Re-push selected (1)' }).click();
    await dialog.getByText('Needs 1 seat; 1 is free.').waitFor();
    await dialog.getByText('1 member already provisioned: linked only').waitFor();
    await dialog.getByText('1 member to create as Users: one seat each').waitFor();
    assert.equal(await confirm.getAttribute('aria-disabled'), 'false');
    await confirm.click();
    await dialog.getByText('Re-push done.').waitFor();
    await dialog.getByText('Created 1 User.').waitFor();
    await dialog.getByText('Linked 2 members.').waitFor();
    assert.equal(repushes.count, 1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await row.getByText('Synced').waitFor();
  });

  // The same group, under the same id, now with both members.
  const after = await scim(server.url, 'GET', `/Groups/${group.id}`);
  assert.equal(after.status, 200);
  assert.equal(after.body.id, group.id);
  assert.equal(after.body.members.length, 2);
});

test('group deleted in the project: listed, re-pushed under its id, and the IdP\'s next PATCH works', async () => {
  const cy = await user('cy.deleted@example.com', false);
  assert.equal(cy.status, 201);
  const group = await pushGroup('Deleted story', [{ value: cy.id, display: cy.userName }]);
  assert.equal(group.patch, 200);
  assert.equal((await admin('DELETE', `/groups/${group.id}`)).status, 204);
  assert.equal((await patchMembers(group.id, [{ value: cy.id, display: cy.userName }])).status, 404);

  await withPage(browser, 'groups-deleted', async (page) => {
    const repushes = countRepushes(page);
    // A link straight to the filtered list: signing in shows it.
    await openAt(page, server.url, '/groups?state=deleted_in_project');
    await page.getByRole('row', { name: /Deleted story/ }).getByText('Deleted in the project').waitFor();
    assert.equal(await page.getByLabel('Sync state').inputValue(), 'deleted_in_project');
    await expectNoAxeViolations(page, 'on the Groups page filtered by state');

    await page.getByRole('link', { name: 'Deleted story' }).click();
    await page.getByRole('heading', { name: 'Deleted story', level: 1 }).waitFor();
    await page.getByText(cy.userName).waitFor();
    await page.getByRole('button', { name: 'Re-push this group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-push Deleted story' });
    await dialog.getByText('1 member already provisioned: linked only').waitFor();
    await dialog.getByRole('button', { name: 'Re-push 1 group' }).click();
    await dialog.getByText('Restored 1 group under its own id.').waitFor();
    assert.equal(repushes.count, 1);
  });

  const patched = await patchMembers(group.id, [{ value: cy.id, display: cy.userName }]);
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
});

test('group deleted while SCIM was off: listed after SCIM is back on, and re-pushed', async () => {
  const dee = await user('dee.disabled@example.com', false);
  const group = await pushGroup('Disabled story', [{ value: dee.id, display: dee.userName }]);
  assert.equal(group.patch, 200);
  assert.equal((await admin('PUT', '/settings', { scim_enabled: false })).status, 200);
  assert.equal((await admin('DELETE', `/groups/${group.id}`)).status, 204);
  assert.equal((await admin('PUT', '/settings', { scim_enabled: true })).status, 200);

  await withPage(browser, 'groups-disabled', async (page) => {
    const seen = countRepushes(page);
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByLabel('Sync state').selectOption('deleted_while_scim_disabled');
    await page.waitForURL(/\?state=deleted_while_scim_disabled$/);
    const row = page.getByRole('row', { name: /Disabled story/ });
    await row.getByText('Deleted while SCIM was off').waitFor();
    await row.getByRole('checkbox').check();
    // Keyboard only from here: focus the button, open, confirm.
    await page.getByRole('button', { name: 'Re-push selected (1)' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Re-push Disabled story' });
    await dialog.getByText('1 member already provisioned: linked only').waitFor();
    await dialog.getByRole('button', { name: 'Re-push 1 group' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('Restored 1 group under its own id.').waitFor();
    assert.deepEqual(seen.errors, []);
    assert.equal(seen.count, 1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No group in this state.').waitFor();
  });

  const fetched = await scim(server.url, 'GET', `/Groups/${group.id}`);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.body.id, group.id);
});

test('select every group shown: the selection lives in the URL, survives a reload and goes with a new filter', async () => {
  for (const name of ['Select one', 'Select two', 'Select three']) await pushGroup(name, []);
  await withPage(browser, 'groups-select-all', async (page) => {
    await signIn(page, server.url);
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('row', { name: /Select three/ }).waitFor();
    const shown = await page.getByRole('checkbox', { name: /^Select (?!every)/ }).count();
    assert.ok(shown >= 3, `${shown} groups shown`);

    await page.getByRole('checkbox', { name: 'Select every group shown' }).check();
    await page.getByRole('button', { name: `Re-push selected (${shown})` }).waitFor();
    const selected = new URL(page.url()).searchParams.get('selected').split(',');
    assert.equal(selected.length, shown);

    await page.reload();
    await page.getByRole('button', { name: `Re-push selected (${shown})` }).waitFor();
    assert.ok(await page.getByRole('checkbox', { name: 'Select every group shown' }).isChecked());
    await page.getByRole('checkbox', { name: 'Select two' }).uncheck();
    await page.getByRole('button', { name: `Re-push selected (${shown - 1})` }).waitFor();
    assert.ok(!(await page.getByRole('checkbox', { name: 'Select every group shown' }).isChecked()));
    assert.equal(new URL(page.url()).searchParams.get('selected').split(',').length, shown - 1);

    await page.getByLabel('Sync state').selectOption('synced');
    await page.waitForURL((url) => url.searchParams.get('state') === 'synced' && !url.searchParams.has('selected'));
    await page.getByRole('button', { name: 'Re-push selected' }).waitFor();
  });
});
