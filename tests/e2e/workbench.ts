// The users page's workbench (filters, chips, export) as a person uses it, and the
// development-API reads the filter and export specs compare the page with.
//
// Seed facts (dev-api/src/seed.rs, deterministic): 300 users; Active=false 22, IsAdmin=true
// 18, TwoFactorEnabled=true 18, InvalidLoginAttempts>0 44, LastAccess null 39; user role 1
// "User-List" is held by 1001–1004, 1006 and 1007; roles 13–18 and 20 by nobody.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, ADMIN, SignInPage } from './fixtures';

export type UserJson = Record<string, unknown>;

/** A fresh access token of the demo administrator, apart from the browser's session. */
export async function adminToken(request: APIRequestContext): Promise<string> {
  const r = await request.post('/api/token', {
    form: { grant_type: 'password', username: ADMIN.email, password: ADMIN.password },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
  return (await r.json()).access_token as string;
}

/** Every user the API lists for `params` (one page of 1000: the seed has 300), and the
 *  API's own total. Sorted as the page sorts by default: by name, ascending. */
export async function apiUsers(
  request: APIRequestContext,
  token: string,
  params: Record<string, string> = {},
): Promise<{ total: number; records: UserJson[] }> {
  const query = new URLSearchParams({ page: '1', size: '1000', orderBy: 'FullName', dir: '1', ...params });
  const r = await request.get(`/api/sys/users?${query}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status(), await r.text()).toBe(200);
  const body = await r.json();
  expect(body.Records.length).toBe(body.TotalItems);
  return { total: body.TotalItems as number, records: body.Records as UserJson[] };
}

/** One user's whole record. */
export async function apiUser(request: APIRequestContext, token: string, id: number): Promise<UserJson> {
  const r = await request.get(`/api/sys/users/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status()).toBe(200);
  return r.json();
}

/** Every user role with who holds it (`Users`). */
export async function apiRoles(request: APIRequestContext, token: string): Promise<UserJson[]> {
  const r = await request.get('/api/security/userroles?page=1&size=1000', { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status()).toBe(200);
  return (await r.json()).Records as UserJson[];
}

/** The development API's `/api` request log since the last reset. */
export async function apiRequestsSeen(
  request: APIRequestContext,
): Promise<{ method: string; path: string; query: string | null; status: number; fault: string | null }[]> {
  const r = await request.get('/__dev/stats');
  expect(r.ok()).toBeTruthy();
  return (await r.json()).requests;
}

/** Changes the development API's settings until the next reset. */
export async function devConfig(request: APIRequestContext, settings: Record<string, unknown>) {
  const r = await request.post('/__dev/config', { data: settings });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/**
 * A date-time as the contract writes it (RFC 3339, leniently: no zone is UTC, any
 * fraction) → ms since the epoch; parsed here, not with `Date.parse` (which reads a
 * zoneless date-time as local time and may refuse seven fraction digits).
 */
export function instant(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!m) throw new Error(`not a date-time: ${text}`);
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (m[7]) ms += Number(`0.${m[7]}`) * 1000;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    ms -= sign * (hh * 60 + mm) * 60_000;
  }
  return ms;
}

/** The UTC day (`YYYY-MM-DD`) of a contract date-time. */
export function utcDay(text: string): string {
  return new Date(Math.floor(instant(text))).toISOString().slice(0, 10);
}

/** Opens `path` signed out, signs in as the demo administrator, lands on `path`. */
export async function signInAt(page: Page, signInPage: SignInPage, path: string) {
  await page.goto(path);
  await expect(signInPage.email()).toBeVisible();
  await signInPage.signIn(ADMIN);
  await expectAt(page, path);
}

/** The page's address is exactly `path` (path + query string). */
export async function expectAt(page: Page, path: string) {
  await expect(page).toHaveURL((u) => u.pathname + u.search === path);
}

/** A row of the users table as the page shows it. */
export type ShownRow = { name: string; email: string; language: string; active: string; admin: string; lastAccess: string };

/** The users page with its filters, as a person sees it. */
export class Workbench {
  constructor(readonly page: Page) {}
  main() { return this.page.getByRole('main'); }
  heading() { return this.page.getByRole('heading', { level: 1, name: 'Users' }); }
  filters() { return this.page.getByRole('region', { name: 'Filters' }); }
  active() { return this.filters().getByLabel('Active', { exact: true }); }
  admin() { return this.filters().getByLabel('Administrator', { exact: true }); }
  twoFactor() { return this.filters().getByLabel('Two-factor', { exact: true }); }
  failing() { return this.filters().getByRole('checkbox', { name: 'Locked out or failing sign-ins' }); }
  role() { return this.filters().getByRole('combobox', { name: 'Has role' }); }
  roleOptions() { return this.filters().getByRole('listbox', { name: 'User roles found' }).getByRole('option'); }
  lastAccess() { return this.filters().getByRole('group', { name: 'Last access (UTC days)' }); }
  created() { return this.filters().getByRole('group', { name: 'Created (UTC days)' }); }
  neverSignedIn() { return this.filters().getByRole('checkbox', { name: 'Never signed in' }); }
  chipList() { return this.page.getByRole('list', { name: 'Filters in use' }); }
  chips() { return this.chipList().getByRole('button'); }
  chip(text: string) { return this.page.getByRole('button', { name: `Remove filter ${text}`, exact: true }); }
  clearAll() { return this.page.getByRole('button', { name: 'Clear all filters' }); }
  leftOutNote() { return this.page.getByRole('status').filter({ hasText: 'Left out of this list, as the address could not be used:' }); }
  leftOutItems() { return this.leftOutNote().getByRole('listitem'); }
  /** "Showing 1–22 of 22 matching users", "No users match the filters" and friends. */
  summary() { return this.main().getByRole('status').filter({ hasText: /^(Showing|No users|Loading users)/ }); }
  loadProblem() { return this.page.getByRole('alert').filter({ hasText: 'could not be loaded' }); }
  table() { return this.page.getByRole('table', { name: 'Users' }); }
  names() { return this.table().getByRole('rowheader'); }
  pageSize() { return this.page.getByLabel('Rows per page'); }
  searchBox() { return this.page.getByLabel('Search users'); }
  exportButton() { return this.page.getByRole('button', { name: 'Export CSV', exact: true }); }
  cancelExport() { return this.page.getByRole('button', { name: 'Cancel export', exact: true }); }
  exportStatus() { return this.main().getByRole('status').filter({ hasText: /^(Export|Reading|The export|The browser)/ }); }

  /** Waits until the list is loaded and reads `summary`. */
  async expectSummary(summary: string) {
    await expect(this.summary()).toHaveText(summary);
  }

  /** The rows of the table, in order (the cells after the selection box). */
  async rows(): Promise<ShownRow[]> {
    await expect(this.table()).not.toHaveAttribute('aria-busy', 'true');
    const cells = await this.table().getByRole('row').filter({ has: this.page.getByRole('rowheader') })
      .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => (c as HTMLElement).innerText.trim())));
    return cells.map((c) => {
      const nameAt = c.length - 6;
      const [name, email, language, active, admin, lastAccess] = c.slice(nameAt);
      return { name, email, language, active, admin, lastAccess };
    });
  }

  /** The chips' texts (without "Remove filter "). */
  async chipTexts(): Promise<string[]> {
    const names = await this.chips().evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));
    return names.map((n) => n.replace(/^Remove filter /, ''));
  }
}

/** Parses RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks); the
 *  lines must end CRLF. Throws on anything else. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false; i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      cell += ch; i += 1; continue;
    }
    if (ch === '"' && atCellStart) { quoted = true; atCellStart = false; i += 1; continue; }
    if (ch === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
    if (ch === ',') { row.push(cell); cell = ''; atCellStart = true; i += 1; continue; }
    if (ch === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`a CR without LF at ${i}`);
      row.push(cell); rows.push(row); row = []; cell = ''; atCellStart = true; i += 2; continue;
    }
    if (ch === '\n') throw new Error(`a bare LF line end at ${i}`);
    cell += ch; atCellStart = false; i += 1;
  }
  if (quoted) throw new Error('an unclosed quote');
  if (cell !== '' || row.length) throw new Error('the last line does not end with CRLF');
  return rows;
}

export const CSV_HEADER = ['Id', 'Full name', 'Email', 'Language', 'Active', 'Administrator', 'Last access', 'Created', 'User roles'];

/** Waits for the export's download; its file name and bytes. */
export async function downloadOf(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), start()]);
  const path = await download.path();
  const fs = await import('node:fs/promises');
  return { name: download.suggestedFilename(), bytes: await fs.readFile(path) };
}

export type { Locator };
