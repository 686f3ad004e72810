// Sorting against a server that reads `dir` another way (issue 19). The platform's docs
// disagree on it (1 ascending / -1 descending in one, 0 ascending / 1 descending in the
// other); the app must show the order it promises either way, find out from the rows
// which reading the server has, and never show a header arrow the rows contradict.
//
// The development API reads `dir` as `POST /__dev/config {"sort_dir_reading": …}` says
// (dev-api/README.md); the fixtures' reset restores the standard reading. Seed facts: 300
// users; by name the first is "Aaron Dubois" and the last "Zoë Smith"; by email the
// first is "Aaron Fernández".
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, ADMIN, SignInPage } from './fixtures';

/** The `dir` of every list request the page sends, in order. */
function recordDirs(page: Page): string[] {
  const dirs: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && url.pathname === '/api/sys/users') dirs.push(url.searchParams.get('dir') ?? '');
  });
  return dirs;
}

async function readDirAs(request: APIRequestContext, reading: 'standard' | 'inverted') {
  const r = await request.post('/__dev/config', { data: { sort_dir_reading: reading } });
  expect(r.ok(), await r.text()).toBeTruthy();
}

class UsersPage {
  constructor(readonly page: Page) {}
  table() { return this.page.getByRole('table', { name: 'Users' }); }
  names() { return this.table().getByRole('rowheader'); }
  sortButton(heading: string) { return this.page.getByRole('button', { name: heading, exact: true }); }
  columnHeader(heading: string) { return this.page.getByRole('columnheader', { name: heading, exact: true }); }
  summary() { return this.page.getByRole('status').filter({ hasText: /Showing|Loading users/ }); }

  async expectResults(first: string) {
    await expect(this.summary()).toHaveText('Showing 1–25 of 300 users');
    await expect(this.names().first()).toHaveText(first);
    await expect(this.table()).not.toHaveAttribute('aria-busy', 'true');
  }

  /** The name column really is in `order` (as the development API compares: case aside),
   *  and the Name heading says so, in words and arrow. */
  async expectNamesIn(order: 'ascending' | 'descending') {
    const keys = (await this.names().allTextContents()).map((n) => n.toLowerCase());
    expect(keys).toHaveLength(25);
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(order === 'ascending' ? sorted : sorted.reverse());
    await expect(this.columnHeader('Name')).toHaveAttribute('aria-sort', order);
    await expect(this.columnHeader('Name')).toContainText(order === 'ascending' ? '▲' : '▼');
  }
}

async function signInAt(page: Page, signInPage: SignInPage, path: string) {
  await page.goto(path);
  await signInPage.signIn(ADMIN);
  await expect(page).toHaveURL((u) => u.pathname + u.search === path);
}

test('a server that reads dir the other way still sorts as the page says, and the tab remembers it', async ({ page, request, signInPage }) => {
  await readDirAs(request, 'inverted');
  const dirs = recordDirs(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');

  await users.expectResults('Aaron Dubois');
  await users.expectNamesIn('ascending');
  // Asked with 1, the rows came back Z to A: asked once more with the other doc's 0.
  expect(dirs).toEqual(['1', '0']);

  await users.sortButton('Name').click();
  await expect(page).toHaveURL(/\/users\?dir=desc$/);
  await users.expectResults('Zoë Smith');
  await users.expectNamesIn('descending');
  // Descending in that reading is 1, at the first attempt.
  expect(dirs).toEqual(['1', '0', '1']);

  // The reading is kept for the session: after a reload, one request, in its encoding.
  await page.reload();
  await users.expectResults('Zoë Smith');
  await users.expectNamesIn('descending');
  expect(dirs).toEqual(['1', '0', '1', '1']);
  await users.sortButton('Email').click();
  await users.expectResults('Aaron Fernández');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
  expect(dirs.at(-1)).toBe('0');
  expect(dirs).toHaveLength(5);
});

test('rows that come back in another order than asked never get an arrow that says otherwise', async ({ page, signInPage }) => {
  // A server that sorts ascending whatever `dir` says: every list request reaches the
  // development API (standard reading) with dir=1.
  await page.route((url) => url.pathname === '/api/sys/users', (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('dir', '1');
    return route.continue({ url: url.toString() });
  });
  const dirs = recordDirs(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Aaron Dubois');
  await users.expectNamesIn('ascending');
  expect(dirs).toEqual(['1']);

  // Descending asked for, in both encodings (-1, then the other doc's 1): still A to Z.
  // The heading says what the rows show.
  await users.sortButton('Name').click();
  await expect(page).toHaveURL(/\/users\?dir=desc$/);
  await expect.poll(() => dirs.length).toBe(3);
  await users.expectResults('Aaron Dubois');
  await users.expectNamesIn('ascending');
  expect(dirs).toEqual(['1', '-1', '1']);

  // Neither encoding helped, so the tab stops trying: one request a search from now on.
  await users.sortButton('Email').click();
  await users.expectResults('Aaron Fernández');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
  expect(dirs).toEqual(['1', '-1', '1', '1']);
});
