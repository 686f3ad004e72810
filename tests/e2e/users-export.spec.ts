// "Export CSV" of the users page: every user the search matches (all pages), as a
// spreadsheet opens it safely — UTF-8 with a BOM, a header, CRLF, RFC 4180 quoting,
// ISO 8601 UTC dates, roles by name, no secrets, no cell run as a formula — and an export
// that fails or is cancelled says so and downloads nothing. Each file is compared with
// what the development API itself answers.
//
// Seed facts (dev-api/src/seed.rs, deterministic): 300 users, 22 with Active=false; the
// demo administrator 1001 holds user roles 1, 2, 3 ("User-List", "User-Read", "User-Edit").
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, addFault, expectNoAxeViolations } from './fixtures';
import {
  CSV_HEADER, Workbench, adminToken, apiRequestsSeen, apiRoles, apiUser, apiUsers, downloadOf, instant, parseCsv,
  signInAt, type UserJson,
} from './workbench';

const LANGUAGES: Record<number, string> = { 1: 'English (US)', 2: 'Spanish', 3: 'English (UK)' };
const SECRETS = ['Password', 'PasswordSalt', 'AccessToken', 'TwoFactorSecret', 'EmailCallBackGuid'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Today's UTC day, as the file name has it. */
const today = () => new Date().toISOString().slice(0, 10);

/** The exported file, checked as bytes and lines, parsed: header and rows by id. */
function readCsv(bytes: Buffer): { text: string; rows: Map<number, Record<string, string>> } {
  expect([...bytes.subarray(0, 3)], 'UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(Buffer.from(text, 'utf8').equals(bytes.subarray(3)), 'valid UTF-8').toBe(true);
  const table = parseCsv(text); // throws on a bare LF, an unquoted quote, a missing last CRLF
  expect(table[0]).toEqual(CSV_HEADER);
  const rows = new Map<number, Record<string, string>>();
  for (const cells of table.slice(1)) {
    expect(cells, JSON.stringify(cells)).toHaveLength(CSV_HEADER.length);
    const row = Object.fromEntries(CSV_HEADER.map((h, i) => [h, cells[i]]));
    const id = Number(row.Id);
    expect(Number.isInteger(id), `Id ${row.Id}`).toBe(true);
    expect(rows.has(id), `user ${id} once`).toBe(false);
    rows.set(id, row);
  }
  return { text, rows };
}

/** Role names each user id holds, from the API's roles and their `Users`. */
function rolesByUser(roles: UserJson[]): Map<number, string[]> {
  const held = new Map<number, string[]>();
  for (const role of roles) {
    for (const id of role.Users as number[]) held.set(id, [...(held.get(id) ?? []), String(role.Name)]);
  }
  return held;
}

/** A date-time cell: empty for none, else ISO 8601 in UTC, the same instant as the API's. */
function expectDateCell(cell: string, value: unknown, what: string) {
  if (value === null || value === undefined) {
    expect(cell, what).toBe('');
    return;
  }
  expect(cell, what).toMatch(ISO_UTC);
  expect(Math.abs(instant(cell) - instant(String(value))), `${what}: ${cell} vs ${value}`).toBeLessThan(1);
}

/** The roles cell names exactly the roles the user holds (each entry starts with the
 *  role's name; a location may follow it). */
function expectRolesCell(cell: string, names: string[], what: string) {
  const entries = cell === '' ? [] : cell.split('; ');
  expect(entries, what).toHaveLength(names.length);
  const left = [...names];
  for (const entry of entries) {
    const i = left.findIndex((n) => entry === n || entry.startsWith(`${n} `));
    expect(i, `${what}: "${entry}" is one of ${JSON.stringify(names)}`).toBeGreaterThanOrEqual(0);
    left.splice(i, 1);
  }
}

/** Every row of the file says what the API says of that user. */
function expectRowsMatch(rows: Map<number, Record<string, string>>, users: UserJson[], held: Map<number, string[]>) {
  expect([...rows.keys()].sort((a, b) => a - b)).toEqual(users.map((u) => u.Id as number).sort((a, b) => a - b));
  for (const u of users) {
    const row = rows.get(u.Id as number)!;
    const what = `user ${u.Id}`;
    expect(row['Full name'], what).toBe(u.FullName);
    expect(row.Email, what).toBe(u.Email);
    expect(row.Language, what).toBe(LANGUAGES[u.Language as number] ?? `Unknown language (${u.Language})`);
    expect(row.Active, what).toBe(u.Active ? 'Yes' : 'No');
    expect(row.Administrator, what).toBe(u.IsAdmin ? 'Yes' : 'No');
    expectDateCell(row['Last access'], u.LastAccess, `${what} Last access`);
    expectDateCell(row.Created, u.CreatedOn, `${what} Created`);
    expectRolesCell(row['User roles'], held.get(u.Id as number) ?? [], `${what} User roles`);
  }
}

/** Counts the downloads the page starts. */
function countDownloads(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('download', () => { seen.count += 1; });
  return seen;
}

/** PUTs user `id` back as read, with only `FullName` changed. */
async function rename(request: APIRequestContext, token: string, id: number, name: string) {
  const record = await apiUser(request, token, id);
  const r = await request.put('/api/sys/users', {
    headers: { Authorization: `Bearer ${token}` },
    data: { ...record, FullName: name },
  });
  expect(r.status(), await r.text()).toBe(200);
  expect((await apiUser(request, token, id)).FullName).toBe(name);
}

test('exporting "Active: No" downloads every matching user: BOM, header, CRLF, ISO dates, roles by name, no secrets', async ({ page, request, signInPage }) => {
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=no');
  await w.expectSummary('Showing 1–22 of 22 matching users');
  await expect(w.exportButton()).toBeEnabled();

  const { name, bytes } = await downloadOf(page, () => w.exportButton().click());
  expect(name).toBe(`users-${today()}.csv`);
  await expect(w.exportStatus()).toHaveText(`Exported 22 users to ${name}.`);
  await expect(w.cancelExport()).toHaveCount(0);

  const token = await adminToken(request);
  const expected = await apiUsers(request, token, { User_Active: 'false' });
  expect(expected.total).toBe(22);
  const { text, rows } = readCsv(bytes);
  expectRowsMatch(rows, expected.records, rolesByUser(await apiRoles(request, token)));
  // Users who hold roles: their names are there.
  expect([...rows.values()].filter((r) => r['User roles'] !== '').length).toBeGreaterThan(0);
  // No secret of any exported user.
  for (const u of expected.records) {
    for (const key of SECRETS) {
      const v = u[key];
      if (typeof v === 'string' && v.length >= 6) expect(text.includes(v), `${key} of ${u.Id}`).toBe(false);
    }
  }
  await expectNoAxeViolations(page);
});

test('a name that starts like a formula is exported with a leading apostrophe; quotes and commas are quoted', async ({ page, request, signInPage }) => {
  const token = await adminToken(request);
  const inactive = (await apiUsers(request, token, { User_Active: 'false' })).records;
  const names: [number, string, string][] = [
    [inactive[0].Id as number, '=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    [inactive[1].Id as number, '@SUM(1)', '\'@SUM(1)'],
    [inactive[2].Id as number, '+1+2', '\'+1+2'],
    [inactive[3].Id as number, '-3+4', '\'-3+4'],
    [inactive[4].Id as number, 'Dubois, "Hannah"', 'Dubois, "Hannah"'],
  ];
  for (const [id, name] of names) await rename(request, token, id, name);

  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=no');
  await w.expectSummary('Showing 1–22 of 22 matching users');
  const { name: file, bytes } = await downloadOf(page, () => w.exportButton().click());
  await expect(w.exportStatus()).toHaveText(`Exported 22 users to ${file}.`);

  const { text, rows } = readCsv(bytes);
  for (const [id, , cell] of names) expect(rows.get(id)?.['Full name'], `user ${id}`).toBe(cell);
  // As written in the file: RFC 4180 quoting around the neutralised cell.
  expect(text).toContain(`${names[0][0]},"'=HYPERLINK(""http://x"")",`);
  expect(text).toContain(`${names[4][0]},"Dubois, ""Hannah""",`);
  // Every other cell of every row: none starts like a formula.
  for (const row of rows.values()) {
    for (const [h, v] of Object.entries(row)) expect(/^[=+\-@\t\r]/.test(v), `${row.Id} ${h}: ${v}`).toBe(false);
  }
  const after = (await apiUsers(request, token, { User_Active: 'false' })).records;
  expectRowsMatch(
    new Map([...rows].map(([id, r]) => [id, { ...r, 'Full name': String(after.find((u) => u.Id === id)?.FullName) }])),
    after,
    rolesByUser(await apiRoles(request, token)),
  );
});

test('exporting all 300 users reads every page when the server pages by 100, with the administrator\'s roles', async ({ page, request, signInPage }) => {
  // A server whose largest page is 100: whatever size is asked, it answers 100 a page.
  const exportPages: string[] = [];
  await page.route((url) => /^\/api\/sys\/users\/?$/.test(url.pathname), async (route) => {
    const url = new URL(route.request().url());
    if (Number(url.searchParams.get('size')) > 100) {
      exportPages.push(url.searchParams.get('page') ?? '');
      url.searchParams.set('size', '100');
      await route.continue({ url: url.toString() });
    } else {
      await route.continue();
    }
  });
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users');
  await w.expectSummary('Showing 1–25 of 300 users');

  const { name, bytes } = await downloadOf(page, () => w.exportButton().click());
  await expect(w.exportStatus()).toHaveText(`Exported 300 users to ${name}.`);
  expect(exportPages).toEqual(['1', '2', '3']);

  const token = await adminToken(request);
  const all = await apiUsers(request, token);
  const roles = await apiRoles(request, token);
  const { rows } = readCsv(bytes);
  expect(rows.size).toBe(300);
  expectRowsMatch(rows, all.records, rolesByUser(roles));
  // Ada (1001) holds user roles 1, 2 and 3.
  const ada = (await apiUser(request, token, 1001)).UserRoles as number[];
  expect(ada).toEqual([1, 2, 3]);
  expectRolesCell(rows.get(1001)!['User roles'], ['User-List', 'User-Read', 'User-Edit'], 'Ada');
  await expectNoAxeViolations(page);
});

test('an export whose read fails says so and downloads nothing; the next one works', async ({ page, request, signInPage }) => {
  const downloads = countDownloads(page);
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=no');
  await w.expectSummary('Showing 1–22 of 22 matching users');

  await addFault(request, { method: 'GET', path: '/api/sys/users', status: 500, body: '{"Message":"An error has occurred."}' });
  await w.exportButton().click();
  await expect(w.exportStatus()).toHaveText(/^The export failed\./);
  await expect(w.exportButton()).toBeEnabled();
  await expect(w.cancelExport()).toHaveCount(0);
  const seen = (await apiRequestsSeen(request)).filter((q) => q.method === 'GET' && q.path === '/api/sys/users');
  expect(seen.at(-1)).toMatchObject({ status: 500 });
  await page.waitForTimeout(300);
  expect(downloads.count).toBe(0);
  // The list itself is untouched.
  await w.expectSummary('Showing 1–22 of 22 matching users');
  await expectNoAxeViolations(page);

  const { name } = await downloadOf(page, () => w.exportButton().click());
  await expect(w.exportStatus()).toHaveText(`Exported 22 users to ${name}.`);
  expect(downloads.count).toBe(1);
});

test('"Cancel export" stops a slow export: nothing is downloaded and it says "Export cancelled."', async ({ page, request, signInPage }) => {
  const downloads = countDownloads(page);
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=no');
  await w.expectSummary('Showing 1–22 of 22 matching users');

  await addFault(request, { method: 'GET', path: '/api/sys/users', delay_ms: 4_000 });
  const slow = page.waitForEvent('requestfinished', (r) => /^\/api\/sys\/users\/?$/.test(new URL(r.url()).pathname));
  await w.exportButton().click();
  await expect(w.cancelExport()).toBeVisible();
  await expect(w.exportButton()).toBeDisabled();
  await expect(w.exportStatus()).toHaveText(/^Reading the matching users/);
  await w.cancelExport().click({ timeout: 2_000 });

  await expect(w.exportStatus()).toHaveText('Export cancelled.');
  await slow;
  await expect(w.cancelExport()).toHaveCount(0);
  await expect(w.exportButton()).toBeEnabled();
  await page.waitForTimeout(500);
  expect(downloads.count).toBe(0);
  await expect(w.exportStatus()).toHaveText('Export cancelled.');
  // It stopped reading: no more pages, no roles.
  const reads = (await apiRequestsSeen(request)).filter((q) => q.method === 'GET');
  expect(reads.filter((q) => q.path.startsWith('/api/security/userroles'))).toEqual([]);
  expect(reads.filter((q) => /^\/api\/sys\/users\/?$/.test(q.path) && /size=1000/.test(q.query ?? ''))).toHaveLength(1);
  await expectNoAxeViolations(page);
});

test('exporting "Has role: User-List" downloads exactly the role\'s holders', async ({ page, request, signInPage }) => {
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?role=1');
  await w.expectSummary('Showing 1–6 of 6 matching users');

  const { name, bytes } = await downloadOf(page, () => w.exportButton().click());
  await expect(w.exportStatus()).toHaveText(`Exported 6 users to ${name}.`);
  const token = await adminToken(request);
  const roles = await apiRoles(request, token);
  const holders = roles.find((r) => r.Id === 1)!.Users as number[];
  expect(holders).toEqual([1001, 1002, 1003, 1004, 1006, 1007]);
  const expected = await apiUsers(request, token, { id: `[${holders.join(',')}]` });
  const { rows } = readCsv(bytes);
  expectRowsMatch(rows, expected.records, rolesByUser(roles));
  for (const row of rows.values()) expect(row['User roles'].split('; ').some((e) => e.startsWith('User-List'))).toBe(true);
});

test('an export against a server that ignores the filter refuses, rather than exporting users that do not match', async ({ page, request, signInPage }) => {
  const downloads = countDownloads(page);
  const r = await request.post('/__dev/config', { data: { ignored_filters: ['User_Active'] } });
  expect(r.ok()).toBeTruthy();
  const w = new Workbench(page);
  await signInAt(page, signInPage, '/users?active=no');
  await expect(page.getByRole('alert').filter({ hasText: 'The server did not apply the filter “Active: No”' })).toBeVisible();

  await w.exportButton().click();
  await expect(w.exportStatus()).toHaveText(/^The export failed\. The server did not apply the filter “Active: No”/);
  await expect(w.exportButton()).toBeEnabled();
  await page.waitForTimeout(300);
  expect(downloads.count).toBe(0);
  await expectNoAxeViolations(page);
});
