// The start-up prefetch (issue 17): with a stored session, index.html's script asks for
// config.json and the record while the app is still downloading, and the app adopts the
// answer. Everything it cannot use — a stale token, a refused one, a session gone, another
// API base — behaves exactly as without it.
import type { Page, Route } from '@playwright/test';
import { test, expect, ADMIN, SignInPage } from './fixtures';
import { EditPage, VIEWER, addFault, apiRequestsSeen, changeBehind, recordGetsSeen } from './edit-page';

const SESSION_KEY = 'user-admin.session';

/** Holds every request for the app's wasm until the returned function is called. */
async function holdWasm(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/*.wasm', async (route: Route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function tokenGrants(page: Page): Promise<number> {
  const stats = await (await page.request.get('/__dev/stats')).json();
  return stats.token_requests.refresh_token as number;
}

/** Signs in on the way to the edit page; the session is then in this tab's storage. */
async function signedIn(page: Page, signInPage: SignInPage, account = ADMIN) {
  const edit = new EditPage(page);
  await edit.open(signInPage, 1001, account);
  return edit;
}

test('with a stored session the record is asked for before the app has started, and only once', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  const before = (await recordGetsSeen(request)).length;
  const release = await holdWasm(page);
  await page.goto('/users/1001', { waitUntil: 'commit' });
  // The app cannot have started: its wasm is held. The record is on its way all the same.
  await expect.poll(async () => (await recordGetsSeen(request)).length).toBe(before + 1);
  await expect(edit.heading()).toHaveCount(0);
  release();
  await edit.waitForForm();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await page.waitForTimeout(500);
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }]);
});

test('a token the stored session says is stale is refreshed first, as without the prefetch', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  const stale = await page.evaluate((key) => {
    const s = JSON.parse(sessionStorage.getItem(key) ?? '{}');
    s.expires_at_ms = Date.now() - 1_000;
    sessionStorage.setItem(key, JSON.stringify(s));
    return s.access_token as string;
  }, SESSION_KEY);
  const sentWith: string[] = [];
  page.on('request', (q) => {
    if (new URL(q.url()).pathname === '/api/sys/users/1001') sentWith.push(q.headers().authorization ?? '');
  });
  const before = (await recordGetsSeen(request)).length;
  const refreshes = await tokenGrants(page);
  await page.goto('/users/1001');
  await edit.waitForForm();
  await page.waitForTimeout(500);
  // Not sent with the stale token: refreshed, then asked once with the new one.
  expect(await tokenGrants(page)).toBe(refreshes + 1);
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }]);
  expect(sentWith).toHaveLength(1);
  expect(sentWith[0]).not.toBe(`Bearer ${stale}`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a 401 to the prefetch: the token is refreshed once and the record asked for again', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  // The server no longer takes the access token the stored session says is good.
  expect((await request.post('/__dev/expire-tokens')).ok()).toBeTruthy();
  const before = (await recordGetsSeen(request)).length;
  const refreshes = await tokenGrants(page);
  await page.goto('/users/1001');
  await edit.waitForForm();
  await page.waitForTimeout(500);
  expect(await tokenGrants(page)).toBe(refreshes + 1);
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 401, fault: null }, { status: 200, fault: null }]);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a 401 to the prefetch with the session gone: signed in again, then the record loads', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  await page.goto('/users/1001');
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Email address').fill(ADMIN.email);
  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await edit.waitForForm();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await expect(page).toHaveURL(/\/users\/1001$/);
});

test('a throttled prefetch (409) counts down and loads, as without it', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  await addFault(request, { method: 'GET', path: '/api/sys/users/1001', status: 409, retry_after: 1 });
  const before = (await recordGetsSeen(request)).length;
  await page.goto('/users/1001');
  await edit.waitForForm();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 409, fault: 'status' }, { status: 200, fault: null }]);
});

/** `config.json` names `base` as the API's, proxied here to the development API; what
 *  went through it, as `METHOD /path`. */
async function apiAt(page: Page, base: string): Promise<string[]> {
  const through: string[] = [];
  await page.route('**/config.json', (route) => route.fulfill({ json: { apiBase: `${base}/` } }));
  await page.route(`**${base}/**`, async (route) => {
    const url = new URL(route.request().url());
    through.push(`${route.request().method()} ${url.pathname}`);
    url.pathname = url.pathname.replace(new RegExp(`^${base}/`), '/api/');
    await route.fulfill({ response: await route.fetch({ url: url.toString() }) });
  });
  return through;
}

test('a config.json with another API base: the record is loaded through that base, at start-up too', async ({ page, request, signInPage }) => {
  // Nothing, the start-up read least of all, carries the token to the default base.
  const direct: string[] = [];
  page.on('request', (q) => {
    const url = new URL(q.url());
    if (url.pathname.startsWith('/api/')) direct.push(`${q.method()} ${url.pathname}`);
  });
  const throughOther = await apiAt(page, '/tenant-api');
  const edit = await signedIn(page, signInPage);
  expect(throughOther).toContain('POST /tenant-api/token');
  await page.goto('/users/1001');
  await edit.waitForForm();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  // A save goes the same way.
  await edit.field('Devices (optional)').fill('Pixel 9');
  await edit.save();
  await edit.expectSaved();
  expect(throughOther).toContain('PUT /tenant-api/sys/users');
  expect((await apiRequestsSeen(request)).filter((q) => q.method === 'PUT')).toHaveLength(1);
  expect(direct).toEqual([]);
  // Read once on the way in, once at start-up (and adopted), once by the save's check.
  expect(throughOther.filter((q) => q === 'GET /tenant-api/sys/users/1001')).toHaveLength(3);

  // The deployment moves its API: the start-up read of the base kept from the last
  // config.json is not adopted; the record is read through the new one.
  await page.unrouteAll();
  const throughMoved = await apiAt(page, '/moved-api');
  await page.goto('/users/1001');
  await edit.waitForForm();
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  expect(throughMoved).toContain('GET /moved-api/sys/users/1001');
  expect(direct).toEqual([]);
});

test('a start-up read whose session ended before the app started is shown to no one: the next account reads afresh', async ({ page, request, signInPage }) => {
  const edit = await signedIn(page, signInPage);
  const before = (await recordGetsSeen(request)).length;
  const release = await holdWasm(page);
  await page.goto('/users/1001', { waitUntil: 'commit' });
  await expect.poll(async () => (await recordGetsSeen(request)).length).toBe(before + 1);
  // Before the app starts, the session ends (a sign-out in another tab clears the
  // storage both share) and the record changes.
  await page.evaluate((key) => {
    sessionStorage.removeItem(key);
    localStorage.removeItem(key);
  }, SESSION_KEY);
  await changeBehind(request, { as: 'admin', set: { FullName: 'Ada Renamed' } });
  release();

  // The app starts signed out; another account signs in on this tab.
  await expect(signInPage.email()).toBeVisible();
  await signInPage.signIn(VIEWER);
  await edit.waitForForm('Ada Renamed');
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }, { status: 200, fault: null }]);
});

test("the prefetch asks as this tab's own account, not as the one kept signed in for other tabs", async ({ page, request, signInPage }) => {
  // This tab: the viewer, not kept signed in (sessionStorage).
  await signedIn(page, signInPage, VIEWER);
  // Off the app (same origin, same storage), so that nothing renews the viewer's token
  // between the read of it below and the next load (a list the viewer may not read
  // answers 401, and the app refreshes once).
  await page.goto('/config.json');
  // Kept signed in on this device (localStorage, which other tabs share): the admin.
  const r = await request.post('/api/token', { form: { grant_type: 'password', username: ADMIN.email, password: ADMIN.password } });
  const admin = await r.json();
  await page.evaluate(([key, token]) => {
    const now = Date.now();
    localStorage.setItem(key, JSON.stringify({
      access_token: token.access_token, refresh_token: token.refresh_token, expires_at_ms: now + token.expires_in * 1000,
      lifetime_ms: token.expires_in * 1000, email: 'admin@example.com', persistent: true,
    }));
  }, [SESSION_KEY, admin] as const);

  const mine = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{}').access_token as string, SESSION_KEY);
  const sentWith: string[] = [];
  page.on('request', (q) => {
    if (new URL(q.url()).pathname === '/api/sys/users/1001') sentWith.push(q.headers().authorization ?? '');
  });
  await page.goto('/users/1001');
  const edit = new EditPage(page);
  await edit.waitForForm();
  await expect(page.getByText(`Signed in as ${VIEWER.email}`)).toBeVisible();
  await page.waitForTimeout(500);
  expect(sentWith).toEqual([`Bearer ${mine}`]);
});
