// Text an IdP sends is shown as text: markup-laden userNames, display names, emails, group
// names, an IdP connection's name, a User-Agent and request bodies go in through real SCIM
// requests, and every page that shows them shows them literally, with no element, attribute
// or script of theirs in the page. The CSP would refuse an injected script anyway; what this
// checks is that nothing was injected for it to refuse (no violation is reported either).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PLATFORM_USER_SCHEMA, admin, launchBrowser, openAt, startServer, watchCsp, withPage,
} from './support.mjs';

// Each payload sets window.__pwned if it ever runs; each is distinct, so a page that shows one
// shows the one it should.
const USER_NAME = '<img src=x onerror=window.__pwned=1>ada';
const DISPLAY_NAME = 'Ada "><script>window.__pwned=2</script>';
const EMAIL = 'ada"><svg/onload=window.__pwned=3>@example.com';
const EXTERNAL_ID = 'javascript:window.__pwned=4';
const GROUP_NAME = "Sales '><img src=y onerror=window.__pwned=5>";
const CONNECTION = 'Okta <b onmouseover=window.__pwned=6>prod</b>';
const USER_AGENT = 'Okta"><iframe src=javascript:window.__pwned=7>';
const MEMBER_DISPLAY = '<a href=javascript:window.__pwned=8>Ghost</a>';
const NOT_JSON = '<script>window.__pwned=9</script>';

let server;
let browser;
/** The ids the pages are opened at. */
const ids = {};

/** A SCIM request with the markup connection's token and the markup User-Agent; `body` is
 *  sent as JSON unless it is a string. */
async function send(token, method, path, body) {
  const response = await fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'user-agent': USER_AGENT,
      'content-type': 'application/scim+json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

before(async () => {
  server = await startServer();
  const connection = await admin(server.url, 'POST', '/connections', { name: CONNECTION });
  assert.equal(connection.status, 201, JSON.stringify(connection.body));
  const { token } = connection.body;

  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', PLATFORM_USER_SCHEMA],
    userName: USER_NAME,
    externalId: EXTERNAL_ID,
    displayName: DISPLAY_NAME,
    name: { givenName: DISPLAY_NAME, familyName: USER_NAME },
    emails: [{ primary: true, value: EMAIL, type: 'work' }],
    active: true,
    [PLATFORM_USER_SCHEMA]: { isTeamAccount: true },
  };
  const created = await send(token, 'POST', '/Users', user);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  // The same User again: a duplicate_user failure naming it, its body stored.
  const duplicate = await send(token, 'POST', '/Users', user);
  assert.equal(duplicate.status, 409, JSON.stringify(duplicate.body));

  const group = await send(token, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: GROUP_NAME,
    externalId: EXTERNAL_ID,
    members: [{ value: created.body.id, display: DISPLAY_NAME }],
  });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  ids.group = group.body.id;
  // A member nobody provisioned: a member_not_provisioned failure of the group.
  const ghost = await send(token, 'PATCH', `/Groups/${group.body.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: [{ value: 'no-such-user', display: MEMBER_DISPLAY }] }],
  });
  assert.equal(ghost.status, 400, JSON.stringify(ghost.body));
  // A body that is not JSON: a validation failure, kept as text.
  const broken = await send(token, 'POST', '/Users', NOT_JSON);
  assert.equal(broken.status, 400, JSON.stringify(broken.body));

  const failures = await admin(server.url, 'GET', '/failures');
  const byStatus = (status) => failures.body.items.find((f) => f.status === status && f.method === 'POST');
  ids.duplicate = byStatus(409).id;
  ids.notJson = byStatus(400).id;
  ids.ghost = failures.body.items.find((f) => f.method === 'PATCH').id;
  const runs = await admin(server.url, 'GET', '/runs');
  ids.run = runs.body.items.find((r) => r.connection === CONNECTION).id;

  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every page that shows what the IdP sent, with the texts it must show literally. */
function pages() {
  return [
    ['/', [CONNECTION]],
    ['/runs', [CONNECTION]],
    [`/runs/${ids.run}`, [CONNECTION]],
    ['/failures', [USER_NAME, CONNECTION]],
    [`/failures/${ids.duplicate}`, [USER_NAME, EXTERNAL_ID, USER_AGENT, CONNECTION,
      // The request body, pretty-printed: each value inside its JSON string (escaped as JSON).
      JSON.stringify(DISPLAY_NAME), JSON.stringify(EMAIL)]],
    [`/failures/${ids.ghost}`, [USER_AGENT, JSON.stringify(MEMBER_DISPLAY)]],
    [`/failures/${ids.notJson}`, [NOT_JSON, USER_AGENT]],
    ['/people', [DISPLAY_NAME, EMAIL]],
    ['/activity', [CONNECTION]],
    ['/groups', [GROUP_NAME]],
    [`/groups/${encodeURIComponent(ids.group)}`, [GROUP_NAME]],
    ['/settings/scim', [CONNECTION]],
  ];
}

/** What the dashboard's DOM holds that markup from the data would have added. */
function injected() {
  const app = document.getElementById('scim-sync-dashboard');
  const elements = [...app.querySelectorAll('img, script, iframe, b')]
    .map((el) => el.outerHTML.slice(0, 120));
  const handlers = [...document.querySelectorAll('*')]
    .flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on'))
      .map((a) => `${el.tagName.toLowerCase()} ${a.name}="${a.value}"`));
  const links = [...app.querySelectorAll('a[href]')]
    .filter((a) => new URL(a.href).origin !== location.origin)
    .map((a) => a.getAttribute('href'));
  return { elements, handlers, links, pwned: globalThis.__pwned };
}

test('every page shows the markup an IdP sent as text, and none of it becomes markup or runs', async () => {
  await withPage(browser, 'markup-injection', async (page) => {
    const violations = await watchCsp(page);
    for (const [path, texts] of pages()) {
      await openAt(page, server.url, path);
      const app = page.locator('#scim-sync-dashboard');
      // Rendered once the first text is there (locators wait); then all must be.
      await app.getByText(texts[0], { exact: false }).first().waitFor();
      const shown = await app.innerText();
      for (const text of texts) {
        assert.ok(shown.includes(text), `${path} shows ${text} as text:\n${shown}`);
      }
      assert.deepEqual(await page.evaluate(injected),
        { elements: [], handlers: [], links: [], pwned: undefined }, path);
    }
    // Once more the first page: whatever an earlier one reported has been delivered by now.
    await openAt(page, server.url, '/');
    await page.locator('#scim-sync-dashboard').getByText(CONNECTION).first().waitFor();

    assert.deepEqual(violations.list, []);
  });
});
