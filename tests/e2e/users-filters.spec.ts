// The users page's filters: each alone and combined, the address as their source of
// truth (reload, a fresh tab), chips and "Clear all filters", the role picker, a
// hand-edited address, a server that ignores a filter, the keyboard — in real Chromium
// against the development API, each list compared with what the API itself answers.
//
// Seed facts (dev-api/src/seed.rs, deterministic): 300 users; Active=false 22, IsAdmin=true
// 18, TwoFactorEnabled=true 18, InvalidLoginAttempts>0 44, LastAccess null 39; CreatedOn
// 2019-01-02 … 2023-11-14; user role 1 "User-List" is held by 1001–1004, 1006 and 1007;
// roles 13–18 and 20 by nobody.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, SignInPage, expectNoAxeViolations } from './fixtures';
import {
  Workbench, adminToken, apiUsers, apiRequestsSeen, devConfig, expectAt, signInAt, utcDay,
  type ShownRow, type UserJson,
} from './workbench';

/** Every list request (`GET /api/sys/users`) the page sends, as its query parameters. */
function recordListRequests(page: Page): Record<string, string>[] {
  const sent: Record<string, string>[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && /^\/api\/sys\/users\/?$/.test(url.pathname)) sent.push(Object.fromEntries(url.searchParams));
  });
  return sent;
}

/** The status line for `n` matching users on a page of `size` rows (first page). */
function summaryFor(n: number, size = 25): string {
  if (n === 0) return 'No users match the filters';
  if (n === 1) return 'Showing the only matching user';
  return `Showing 1–${Math.min(n, size)} of ${n} matching users`;
}

const ids = (users: UserJson[]) => users.map((u) => u.Id as number);
const emails = (users: UserJson[]) => users.map((u) => u.Email as string);
const isNull = (v: unknown) => v === null || v === undefined;

/** The API's answer for `params` equals the users of the whole seed that `holds` keeps;
 *  both in the page's default order (name, ascending). */
async function expectedUsers(
  request: APIRequestContext,
  params: Record<string, string>,
  holds: (u: UserJson) => boolean,
): Promise<UserJson[]> {
  const token = await adminToken(request);
  const all = await apiUsers(request, token);
  expect(all.total).toBe(300);
  const filtered = await apiUsers(request, token, params);
  const mine = all.records.filter(holds);
  expect(ids(filtered.records), 'the API filters as the records say').toEqual(ids(mine));
  return filtered.records;
}

// ---------------------------------------------------------------------------------------
// Each filter alone

type One = {
  title: string;
  apply: (w: Workbench) => Promise<void>;
  /** The address's filter parameters, as the page writes them. */
  url: string;
  /** The API parameters of the same filter. */
  api: Record<string, string>;
  chip: string;
  /** The seed's count, where the issue states it. */
  count?: number;
  /** The filter, read from a whole user record. */
  holds: (u: UserJson) => boolean;
  /** What every row shows. */
  shown?: (r: ShownRow) => boolean;
  /** What the controls show afterwards. */
  after?: (w: Workbench) => Promise<void>;
};

const ONE: One[] = [
  {
    title: 'Active: No',
    apply: (w) => w.active().selectOption({ label: 'No' }).then(() => {}),
    url: 'active=no',
    api: { User_Active: 'false' },
    chip: 'Active: No',
    count: 22,
    holds: (u) => u.Active === false,
    shown: (r) => r.active === 'No',
    after: (w) => expect(w.active()).toHaveValue('no'),
  },
  {
    title: 'Administrator: Yes',
    apply: (w) => w.admin().selectOption({ label: 'Yes' }).then(() => {}),
    url: 'admin=yes',
    api: { User_IsAdmin: 'true' },
    chip: 'Administrator: Yes',
    count: 18,
    holds: (u) => u.IsAdmin === true,
    shown: (r) => r.admin === 'Yes',
    after: (w) => expect(w.admin()).toHaveValue('yes'),
  },
  {
    title: 'Two-factor: On',
    apply: (w) => w.twoFactor().selectOption({ label: 'On' }).then(() => {}),
    url: 'twofactor=on',
    api: { User_TwoFactorEnabled: 'true' },
    chip: 'Two-factor: On',
    count: 18,
    holds: (u) => u.TwoFactorEnabled === true,
    after: (w) => expect(w.twoFactor()).toHaveValue('yes'),
  },
  {
    title: 'Locked out or failing sign-ins',
    apply: (w) => w.failing().check(),
    url: 'failing=yes',
    api: { from_User_InvalidLoginAttempts: '1' },
    chip: 'Locked out or failing sign-ins',
    count: 44,
    holds: (u) => Number(u.InvalidLoginAttempts) > 0,
    after: (w) => expect(w.failing()).toBeChecked(),
  },
  {
    title: 'Never signed in',
    apply: (w) => w.neverSignedIn().check(),
    url: 'access=never',
    api: { User_LastAccess: 'null' },
    chip: 'Last access: never signed in',
    count: 39,
    holds: (u) => isNull(u.LastAccess),
    shown: (r) => r.lastAccess === 'Never',
    after: async (w) => {
      await expect(w.neverSignedIn()).toBeChecked();
      // A range cannot be combined with it.
      await expect(w.lastAccess().getByLabel('From')).toBeDisabled();
      await expect(w.lastAccess().getByLabel('To')).toBeDisabled();
    },
  },
  {
    title: 'Last access: 2024-01-01 to 2024-12-31',
    apply: async (w) => {
      await w.lastAccess().getByLabel('From').fill('2024-01-01');
      await expectAt(w.page, '/users?access_from=2024-01-01&size=100');
      await w.lastAccess().getByLabel('To').fill('2024-12-31');
    },
    url: 'access_from=2024-01-01&access_to=2024-12-31',
    api: { from_User_LastAccess: '2024-01-01T00:00:00Z', to_User_LastAccess: '2024-12-31T23:59:59.9999999Z' },
    chip: 'Last access: 2024-01-01 to 2024-12-31',
    holds: (u) => !isNull(u.LastAccess) && utcDay(String(u.LastAccess)).startsWith('2024-'),
    shown: (r) => /^2024-\d\d-\d\d \d\d:\d\d UTC$/.test(r.lastAccess),
    after: async (w) => {
      await expect(w.lastAccess().getByLabel('From')).toHaveValue('2024-01-01');
      await expect(w.lastAccess().getByLabel('To')).toHaveValue('2024-12-31');
    },
  },
  {
    title: 'Created: until 2019-12-31',
    apply: (w) => w.created().getByLabel('To').fill('2019-12-31'),
    url: 'created_to=2019-12-31',
    api: { to_User_CreatedOn: '2019-12-31T23:59:59.9999999Z' },
    chip: 'Created: until 2019-12-31',
    holds: (u) => utcDay(String(u.CreatedOn)) <= '2019-12-31',
    after: async (w) => {
      await expect(w.created().getByLabel('From')).toHaveValue('');
      await expect(w.created().getByLabel('To')).toHaveValue('2019-12-31');
    },
  },
];

for (const f of ONE) {
  test(`the filter "${f.title}" alone lists exactly the users the API has for it`, async ({ page, request, signInPage }) => {
    const sent = recordListRequests(page);
    const w = new Workbench(page);
    await signInAt(page, signInPage, '/users?size=100');
    await w.expectSummary('Showing 1–100 of 300 users');
    await expect(w.chipList()).toHaveCount(0);

    await f.apply(w);
    await expectAt(page, `/users?${f.url}&size=100`);

    const expected = await expectedUsers(request, f.api, f.holds);
    if (f.count !== undefined) expect(expected).toHaveLength(f.count);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    await w.expectSummary(summaryFor(expected.length, 100));
    const rows = await w.rows();
    expect(rows.map((r) => r.email)).toEqual(emails(expected));
    expect(rows.map((r) => r.name)).toEqual(expected.map((u) => u.FullName));
    if (f.shown) for (const r of rows) expect(f.shown(r), `${r.name}: ${JSON.stringify(r)}`).toBe(true);
    expect(sent.at(-1)).toMatchObject(f.api);

    expect(await w.chipTexts()).toEqual([f.chip]);
    await expect(w.clearAll()).toBeVisible();
    await f.after?.(w);
    await expectNoAxeViolations(page);
  });
}

test('"Last access" days are whole UTC days: the last second of the "To" day and other zones\' times are placed by their UTC day', async ({ page, request, signInPage }) => {
  const token = await adminToken(request);
  const others = (await apiUsers(request, token)).records.filter((u) => (u.Id as number) > 1007).slice(0, 4);
  // As the platform records sign-ins (fractions and offsets are in its data already).
  const times: [string, boolean][] = [
    ['2024-12-31T23:59:59.5Z', true], // the last second of the last day
    ['2025-01-01T01:30:00+02:00', true], // 2024-12-31 23:30 UTC
    ['2024-01-01T01:00:00+02:00', false], // 2023-12-31 23:00 UTC
    ['2024-01-01T00:00:00Z', true], // the first instant of the first day
  ];
  for (const [i, [at]] of times.entries()) {
    const r = await request.post(`/__dev/users/${others[i].Id}/change`, { data: { set: { LastAccess: at }, as: 'platform' } });
    expect(r.ok(), await r.text()).toBeTruthy();
  }
  const all = (await apiUsers(request, token)).records;
  const expected = all.filter((u) => !isNull(u.LastAccess) && utcDay(String(u.LastAccess)).startsWith('2024-'));
  for (const [i, [at, inside]] of times.entries()) {
    expect(expected.some((u) => u.Id === others[i].Id), `${at} is in 2024 (UTC): ${inside}`).toBe(inside);
  }

  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?access_from=2024-01-01&access_to=2024-12-31&size=100');
  await expect(w.summary()).toHaveText(/^Showing 1–\d+ of \d+ matching users$/);
  const rows = await w.rows();
  for (const [i, [at, inside]] of times.entries()) {
    expect.soft(rows.some((r) => r.email === others[i].Email), `${others[i].FullName} (last access ${at}) listed`).toBe(inside);
  }
  expect(rows.map((r) => r.email)).toEqual(emails(expected));
  await w.expectSummary(summaryFor(expected.length, 100));
  expect(rows.find((r) => r.email === others[0].Email)?.lastAccess).toBe('2024-12-31 23:59 UTC');
  expect(rows.find((r) => r.email === others[1].Email)?.lastAccess).toBe('2024-12-31 23:30 UTC');
  expect(await w.chipTexts()).toEqual(['Last access: 2024-01-01 to 2024-12-31']);
  await expectNoAxeViolations(page);
});

// ---------------------------------------------------------------------------------------
// Combined, and the address as the source of truth

test('filters combine (Active No + failing + a created range) and the address brings them back on reload and in a new tab', async ({ page, request, signInPage, browser }) => {
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  await w.active().selectOption({ label: 'No' });
  await expectAt(page, '/users?active=no');
  await w.expectSummary(summaryFor(22));
  await w.failing().check();
  await expectAt(page, '/users?active=no&failing=yes');
  await w.created().getByLabel('From').fill('2021-01-01');
  await expectAt(page, '/users?active=no&failing=yes&created_from=2021-01-01');
  await w.created().getByLabel('To').fill('2021-12-31');
  const url = '/users?active=no&failing=yes&created_from=2021-01-01&created_to=2021-12-31';
  await expectAt(page, url);

  const token = await adminToken(request);
  const withoutRange = await apiUsers(request, token, { User_Active: 'false', from_User_InvalidLoginAttempts: '1' });
  const expected = await expectedUsers(
    request,
    {
      User_Active: 'false', from_User_InvalidLoginAttempts: '1',
      from_User_CreatedOn: '2021-01-01T00:00:00Z', to_User_CreatedOn: '2021-12-31T23:59:59.9999999Z',
    },
    (u) => u.Active === false && Number(u.InvalidLoginAttempts) > 0 && utcDay(String(u.CreatedOn)).startsWith('2021-'),
  );
  // The range really narrows the list.
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(withoutRange.total);

  const chips = ['Active: No', 'Locked out or failing sign-ins', 'Created: 2021-01-01 to 2021-12-31'];
  const expectState = async (wb: Workbench) => {
    await wb.expectSummary(summaryFor(expected.length));
    expect((await wb.rows()).map((r) => r.email)).toEqual(emails(expected));
    expect(await wb.chipTexts()).toEqual(chips);
    await expect(wb.active()).toHaveValue('no');
    await expect(wb.admin()).toHaveValue('');
    await expect(wb.failing()).toBeChecked();
    await expect(wb.created().getByLabel('From')).toHaveValue('2021-01-01');
    await expect(wb.created().getByLabel('To')).toHaveValue('2021-12-31');
    await expect(wb.leftOutNote()).toHaveCount(0);
  };
  await expectState(w);
  await expectNoAxeViolations(page);

  await page.reload();
  await expectAt(page, url);
  await expectState(w);

  // The address alone, in a new browser (signed out): the same list after signing in.
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const fresh = await context.newPage();
    await signInAt(fresh, new SignInPage(fresh), url);
    await expectState(new Workbench(fresh));
    await expectNoAxeViolations(fresh);
  } finally {
    await context.close();
  }
});

test('a chip removes its filter alone, and "Clear all filters" removes them all', async ({ page, request, signInPage }) => {
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?admin=yes&twofactor=on&access=never');
  const token = await adminToken(request);
  const three = await apiUsers(request, token, { User_IsAdmin: 'true', User_TwoFactorEnabled: 'true', User_LastAccess: 'null' });
  await w.expectSummary(summaryFor(three.total));
  expect(await w.chipTexts()).toEqual(['Administrator: Yes', 'Two-factor: On', 'Last access: never signed in']);

  await w.chip('Last access: never signed in').click();
  await expectAt(page, '/users?admin=yes&twofactor=on');
  const two = await apiUsers(request, token, { User_IsAdmin: 'true', User_TwoFactorEnabled: 'true' });
  expect(two.total).toBeGreaterThan(three.total);
  await w.expectSummary(summaryFor(two.total));
  expect((await w.rows()).map((r) => r.email)).toEqual(emails(two.records).slice(0, 25));
  expect(await w.chipTexts()).toEqual(['Administrator: Yes', 'Two-factor: On']);
  await expect(w.neverSignedIn()).not.toBeChecked();
  await expect(w.lastAccess().getByLabel('From')).toBeEnabled();

  await w.chip('Two-factor: On').click();
  await expectAt(page, '/users?admin=yes');
  await w.expectSummary(summaryFor(18));
  expect(await w.chipTexts()).toEqual(['Administrator: Yes']);
  await expect(w.twoFactor()).toHaveValue('');
  await expectNoAxeViolations(page);

  await w.failing().check();
  await expectAt(page, '/users?admin=yes&failing=yes');
  expect(await w.chipTexts()).toEqual(['Administrator: Yes', 'Locked out or failing sign-ins']);
  await w.clearAll().click();
  await expectAt(page, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');
  await expect(w.chipList()).toHaveCount(0);
  await expect(w.clearAll()).toHaveCount(0);
  await expect(w.admin()).toHaveValue('');
  await expect(w.failing()).not.toBeChecked();
  await expectNoAxeViolations(page);
});

// ---------------------------------------------------------------------------------------
// Has role

test('"Has role" picked by name from the options lists the role\'s holders', async ({ page, request, signInPage }) => {
  const sent = recordListRequests(page);
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  await w.role().fill('User-List');
  await expect(w.roleOptions()).toHaveCount(1);
  await expect(w.roleOptions().first()).toContainText('User-List');
  await expectNoAxeViolations(page);
  await w.role().press('ArrowDown');
  await expect(w.roleOptions().first()).toHaveAttribute('aria-selected', 'true');
  await w.role().press('Enter');
  await expectAt(page, '/users?role=1');

  const token = await adminToken(request);
  const roleRead = await request.get('/api/security/userroles/1', { headers: { Authorization: `Bearer ${token}` } });
  const holders = (await roleRead.json()).Users as number[];
  expect(holders).toEqual([1001, 1002, 1003, 1004, 1006, 1007]);
  const expected = await apiUsers(request, token, { id: `[${holders.join(',')}]` });
  expect(ids(expected.records).sort()).toEqual(holders);

  await w.expectSummary('Showing 1–6 of 6 matching users');
  expect((await w.rows()).map((r) => r.email)).toEqual(emails(expected.records));
  expect(await w.chipTexts()).toEqual([expect.stringMatching(/^Has role: User-List( — .+)?$/)]);
  expect(sent.at(-1)?.id?.replace(/\s/g, '')).toBe(`[${holders.join(',')}]`);
  await expect(w.role()).toHaveValue('');
  await expectNoAxeViolations(page);
});

test('"Has role" with a role nobody holds (clicked, or typed as an id) says no users match', async ({ page, request, signInPage }) => {
  const w = new Workbench(page);
  const token = await adminToken(request);
  for (const id of [20, 13]) {
    const r = await request.get(`/api/security/userroles/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await r.json()).Users, `role ${id}`).toEqual([]);
  }
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  await w.role().fill('User-Delete');
  await expect(w.roleOptions()).toHaveCount(1);
  await w.roleOptions().first().click();
  await expectAt(page, '/users?role=20');
  await w.expectSummary('No users match the filters');
  await expect(w.table()).toHaveCount(0);
  await expect(w.loadProblem()).toHaveCount(0);
  expect(await w.chipTexts()).toEqual([expect.stringMatching(/^Has role: (User-Delete( — .+)?|role 20)$/)]);
  await expectNoAxeViolations(page);

  await w.chipList().getByRole('button').first().click();
  await expectAt(page, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  // A number and Enter picks the role by id.
  await w.role().fill('13');
  await w.role().press('Enter');
  await expectAt(page, '/users?role=13');
  await w.expectSummary('No users match the filters');
  await expect(w.table()).toHaveCount(0);
  expect(await w.chipTexts()).toEqual([expect.stringMatching(/^Has role: (UserRole-List( — .+)?|role 13)$/)]);
  await expectNoAxeViolations(page);
});

// ---------------------------------------------------------------------------------------
// A hand-edited address

test('a hand-edited address: what cannot be used is left out and said, the rest is the list', async ({ page, request, signInPage }) => {
  const sent = recordListRequests(page);
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=banana&color=red');
  await expect(w.heading()).toBeVisible();
  await expect(w.leftOutNote()).toBeVisible();
  await expect(w.leftOutItems()).toHaveText([
    'Active: “banana” is neither yes nor no.',
    '“color” is not a filter this page knows.',
  ], { useInnerText: true });
  // The list without that filter: every user.
  await w.expectSummary('Showing 1–25 of 300 users');
  await expect(w.names()).toHaveCount(25);
  await expect(w.chipList()).toHaveCount(0);
  await expect(w.active()).toHaveValue('');
  await expect(w.loadProblem()).toHaveCount(0);
  expect(sent.length).toBeGreaterThan(0);
  for (const s of sent) {
    expect(Object.keys(s).filter((k) => k.startsWith('User_') || k.startsWith('from_') || k.startsWith('to_'))).toEqual([]);
  }
  await expectNoAxeViolations(page);

  // Unreadable days and a backwards range are left out; the good filter still applies.
  await page.goto('/users?admin=yes&created_from=2023-01-01&created_to=2020-01-01&access_from=2026-13-01');
  await expect(w.leftOutItems()).toHaveText([
    'Last access: “2026-13-01” is not a date (YYYY-MM-DD).',
    'Created: the range ends (2020-01-01) before it starts (2023-01-01).',
  ], { useInnerText: true });
  const token = await adminToken(request);
  const admins = await apiUsers(request, token, { User_IsAdmin: 'true' });
  await w.expectSummary(summaryFor(admins.total));
  expect((await w.rows()).map((r) => r.email)).toEqual(emails(admins.records));
  expect(await w.chipTexts()).toEqual(['Administrator: Yes']);
  await expect(w.created().getByLabel('From')).toHaveValue('');
  await expect(w.lastAccess().getByLabel('From')).toHaveValue('');
  await expect(w.loadProblem()).toHaveCount(0);
  const last = sent.at(-1)!;
  expect(last.User_IsAdmin).toBe('true');
  expect(Object.keys(last).filter((k) => /CreatedOn|LastAccess/.test(k))).toEqual([]);
  await expectNoAxeViolations(page);

  // The page's own next address holds nothing unusable: the note goes.
  await w.chip('Administrator: Yes').click();
  await expectAt(page, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');
  await expect(w.leftOutNote()).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------
// A server that ignores a filter

test('a filter the server ignores is said, with no rows that would pass for a filtered list; its button removes it', async ({ page, request, signInPage }) => {
  await devConfig(request, { ignored_filters: ['User_TwoFactorEnabled'] });
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  await w.twoFactor().selectOption({ label: 'On' });
  await expectAt(page, '/users?twofactor=on');
  const alert = page.getByRole('alert').filter({
    hasText: 'The server did not apply the filter “Two-factor: On”: it sent users that do not match it, so they are not shown as a filtered list.',
  });
  await expect(alert).toBeVisible();
  await expect(w.table()).toHaveCount(0);
  await expect(w.summary()).toHaveCount(0);
  await expect(page.getByText(/matching users?/)).toHaveCount(0);
  // The page did ask for the filter: the server is what ignored it.
  const asked = (await apiRequestsSeen(request)).filter((q) => q.method === 'GET' && q.path === '/api/sys/users');
  expect(asked.at(-1)?.query ?? '').toContain('User_TwoFactorEnabled=true');
  await expectNoAxeViolations(page);

  await alert.getByRole('button', { name: 'Remove the filter “Two-factor”' }).click();
  await expectAt(page, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');
  await expect(w.names()).toHaveCount(25);
  await expect(alert).toHaveCount(0);
  await expect(w.twoFactor()).toHaveValue('');
  await expect(w.chipList()).toHaveCount(0);
  await expectNoAxeViolations(page);
});

// ---------------------------------------------------------------------------------------
// Keyboard

test('the keyboard alone sets filters and removes one by its chip', async ({ page, request, signInPage }) => {
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  /** Presses Tab until `target` has the focus (at most `max` times). */
  const tabTo = async (target: Locator, max = 25) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`Tab never reached ${target}`);
  };

  await w.searchBox().focus();
  await tabTo(w.active(), 5);
  await page.keyboard.press('ArrowDown');
  await expectAt(page, '/users?active=yes');
  await page.keyboard.press('ArrowDown');
  await expectAt(page, '/users?active=no');
  await w.expectSummary(summaryFor(22));
  await expect(w.active()).toBeFocused();
  await expect(w.active()).toHaveValue('no');

  await tabTo(w.failing(), 5);
  await page.keyboard.press('Space');
  await expectAt(page, '/users?active=no&failing=yes');
  const token = await adminToken(request);
  const both = await apiUsers(request, token, { User_Active: 'false', from_User_InvalidLoginAttempts: '1' });
  await w.expectSummary(summaryFor(both.total));
  expect((await w.rows()).map((r) => r.email)).toEqual(emails(both.records));
  await expect(w.failing()).toBeFocused();
  await expectNoAxeViolations(page);

  await tabTo(w.chip('Active: No'));
  await page.keyboard.press('Enter');
  await expectAt(page, '/users?failing=yes');
  await w.expectSummary(summaryFor(44));
  expect(await w.chipTexts()).toEqual(['Locked out or failing sign-ins']);
  // The focus is not lost with the chip.
  expect(await page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)).toBe(true);
  await expectNoAxeViolations(page);
});
