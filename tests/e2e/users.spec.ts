// The users page (issue 5): search, sort, page, the URL as the source of truth,
// Back/Forward, the empty / error / throttled states, out-of-order answers, keyboard use
// and accessibility — in real Chromium against the development API and its seed.
//
// Seed facts these tests rely on (dev-api/src/seed.rs, deterministic): 300 users; sorted by
// name the first is "Aaron Dubois" and "Ada Administrator" (id 1001) is 13th; 18 names
// contain "macleod" (first "Aaron MacLeod"), 12 contain "zoë"; 58 emails contain
// "example.org"; sorted by email the first is aaron.fernandez@coworkers.example and the
// last zsmith@empresa.example.es ("Zoë Smith").
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, ADMIN, SignInPage, addFault, expectNoAxeViolations } from './fixtures';

// ---------------------------------------------------------------------------------------
// Helpers

/** A list request the app sent, as time and query parameters. */
type Sent = { at: number; params: Record<string, string> };

/** Records every `GET /api/sys/users` (the list) the page sends, in order. */
function recordListRequests(page: Page): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && url.pathname === '/api/sys/users') {
      sent.push({ at: Date.now(), params: Object.fromEntries(url.searchParams) });
    }
  });
  return sent;
}

/** The list call the app must send for the default search, plus `extra`. */
function apiQuery(extra: Record<string, string> = {}): Record<string, string> {
  return { page: '1', size: '25', orderBy: 'FullName', dir: '1', ...extra };
}

/** Opens `path` while signed out, signs in as the demo administrator, lands on `path`. */
async function signInAt(page: Page, signInPage: SignInPage, path: string) {
  await page.goto(path);
  await expect(signInPage.email()).toBeVisible();
  await signInPage.signIn(ADMIN);
  await expectAt(page, path);
}

/** The page's address is exactly `path` (path + query string). */
async function expectAt(page: Page, path: string) {
  await expect(page).toHaveURL((u) => u.pathname + u.search === path);
}

/** The users page, as a person sees it. */
class UsersPage {
  constructor(readonly page: Page) {}
  searchBox() { return this.page.getByLabel('Search users'); }
  searchBy() { return this.page.getByLabel('Search by'); }
  searchButton() { return this.page.getByRole('button', { name: 'Search', exact: true }); }
  table() { return this.page.getByRole('table', { name: 'Users' }); }
  /** The name cell of every result row, in order. */
  names() { return this.table().getByRole('rowheader'); }
  row(name: string) {
    return this.table().getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
  sortButton(heading: string) { return this.page.getByRole('button', { name: heading, exact: true }); }
  columnHeader(heading: string) { return this.page.getByRole('columnheader', { name: heading, exact: true }); }
  /** "Showing 1–25 of 300 users" and friends. */
  summary() { return this.page.getByRole('status').filter({ hasText: /Showing|Loading users/ }); }
  /** The status line under the search, whatever it says (the page has other, quieter ones). */
  statusLine() { return this.page.getByRole('main').getByRole('status').filter({ hasText: /^(Showing|No users|Loading users)/ }); }
  /** The throttle note (a live region that is empty unless the page waits). */
  throttleNote() { return this.page.getByRole('status').filter({ hasText: 'Too many requests' }); }
  pager() { return this.page.getByRole('navigation', { name: 'Pagination' }); }
  previous() { return this.page.getByRole('button', { name: 'Previous page' }); }
  next() { return this.page.getByRole('button', { name: 'Next page' }); }
  pageSize() { return this.page.getByLabel('Rows per page'); }
  alert() { return this.page.getByRole('alert').filter({ hasText: 'could not be loaded' }); }
  tryAgain() { return this.page.getByRole('button', { name: 'Try again' }); }

  /** Waits until the summary reads `summary`, the first row is `first`, and loading is over. */
  async expectResults(summary: string, first: string) {
    await expect(this.summary()).toHaveText(summary);
    await expect(this.names().first()).toHaveText(first);
    await expect(this.table()).not.toHaveAttribute('aria-busy', 'true');
  }
}

/** Lets the page run the work it has queued (microtasks and a few tasks). Uses a
 *  MessageChannel, not timers, so it also works while `page.clock` is paused. */
async function settle(page: Page) {
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((r) => {
        const c = new MessageChannel();
        c.port1.onmessage = () => r();
        c.port2.postMessage(0);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------
// The default page

test('lists every user by name, 25 a page, with the total and the row details', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');

  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  expect(sent.map((s) => s.params)).toEqual([apiQuery()]);
  await expect(users.names()).toHaveCount(25);
  await expect(users.names().nth(12)).toHaveText('Ada Administrator');

  // Name, email, language, active, admin, last access (shown in UTC), linked to the editor.
  const ada = users.row('Ada Administrator');
  // (The first cell holds the row's selection box.)
  await expect(ada.getByRole('cell')).toHaveText(['', 'admin@example.com', 'English (US)', 'Yes', 'Yes', '2024-02-29 08:15 UTC']);
  await expect(ada.getByRole('checkbox', { name: 'Select Ada Administrator' })).not.toBeChecked();
  await expect(ada.getByRole('link', { name: 'Ada Administrator' })).toHaveAttribute('href', '/users/1001');
  // A language the contract does not know, and an inactive user, are shown as such.
  await expect(users.row('Aaron Fernández').getByRole('cell').nth(2)).toHaveText('Unknown language (7)');
  await expect(users.row('Aaron MacLeod').getByRole('cell').nth(3)).toHaveText('No');
  // A user who never signed in.
  await expect(users.row('Aaron Kowalski').getByRole('cell').nth(5)).toHaveText('Never');

  await expect(users.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  for (const h of ['Email', 'Language', 'Active', 'Admin', 'Last access']) {
    await expect(users.columnHeader(h)).toHaveAttribute('aria-sort', 'none');
  }
  await expect(users.pager()).toContainText('Page 1 of 12');
  await expect(users.previous()).toBeDisabled();
  await expect(users.next()).toBeEnabled();
  await expect(users.pageSize()).toHaveValue('25');
  await expectNoAxeViolations(page);
});

// ---------------------------------------------------------------------------------------
// Search

test('typing searches once, only after a 400 ms pause, and keeps the search in the URL', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  // Time stands still: keystrokes alone must not search.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1_000);
  await users.searchBox().pressSequentially('macleod');
  await page.clock.runFor(399);
  await settle(page);
  expect(sent).toHaveLength(1);
  await expectAt(page, '/users');

  await page.clock.runFor(2);
  await expect.poll(() => sent.length).toBe(2);
  expect(sent[1].params).toEqual(apiQuery({ User_FullName: 'macleod' }));
  await page.clock.resume();

  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  await expectAt(page, '/users?q=macleod');
  await expect(users.names()).toHaveCount(18);
  for (const name of await users.names().allTextContents()) expect(name).toContain('MacLeod');
  expect(sent).toHaveLength(2);
});

test('Enter searches at once, and searching by email filters on the email', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBy().selectOption({ label: 'Email' });
  await expectAt(page, '/users?by=email');
  await expect.poll(() => sent.length).toBe(2);

  // With the clock stopped the debounce can never fire: only Enter can search.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1_000);
  await users.searchBox().fill('example.org');
  await users.searchBox().press('Enter');
  await expect.poll(() => sent.length).toBe(3);
  expect(sent[2].params).toEqual(apiQuery({ User_Email: 'example.org' }));
  await page.clock.resume();

  await users.expectResults('Showing 1–25 of 58 users', 'Aaron Dubois');
  await expectAt(page, '/users?q=example.org&by=email');
  for (const row of await users.table().getByRole('row').filter({ has: page.getByRole('rowheader') }).all()) {
    await expect(row.getByRole('cell').nth(1)).toContainText('example.org');
  }
  // The debounce that was still pending does not search a second time.
  await page.clock.runFor(1_000);
  await settle(page);
  expect(sent).toHaveLength(3);
});

test('an email typed into the search box searches by email, and "Search by" says so', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  await expect(users.searchBy()).toHaveValue('name');

  // Typed, then a pause: nobody chose "Email", the @ does.
  await users.searchBox().fill('admin@example.com');
  await users.expectResults('Showing the only matching user', 'Ada Administrator');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ User_Email: 'admin@example.com' }));
  await expectAt(page, '/users?q=admin%40example.com&by=email');
  await expect(users.searchBy()).toHaveValue('email');
  await expect(users.searchBox()).toHaveValue('admin@example.com');

  // The choice is still the administrator's: by name, the same text finds nobody …
  await users.searchBy().selectOption({ label: 'Name' });
  await expect(users.statusLine()).toHaveText('No users match “admin@example.com”');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ User_FullName: 'admin@example.com' }));
  await expectAt(page, '/users?q=admin%40example.com');
  await expect(users.searchBy()).toHaveValue('name');
  // … and typing on keeps it.
  await users.searchBox().fill('admin@example.co');
  await users.searchBox().press('Enter');
  await expectAt(page, '/users?q=admin%40example.co');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ User_FullName: 'admin@example.co' }));
  await expect(users.searchBy()).toHaveValue('name');
});

test('a search that matches nobody says so and suggests the other filter', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().fill('zzzz');
  await users.searchBox().press('Enter');
  await expect(users.statusLine()).toHaveText('No users match “zzzz”');
  await expect(page.getByText('Check the spelling, or search by email instead.')).toBeVisible();
  expect(sent.at(-1)?.params).toEqual(apiQuery({ User_FullName: 'zzzz' }));
  await expectAt(page, '/users?q=zzzz');
  await expect(users.table()).toHaveCount(0);
  await expect(users.pager()).toHaveCount(0);
  await expect(users.summary()).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('an empty result is announced in the status region, like a non-empty one', async ({ page, signInPage }) => {
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users?q=macleod');
  // Results are announced politely...
  await expect(users.statusLine()).toHaveText('Showing 1–18 of 18 users');

  await users.searchBox().fill('zzzz');
  await users.searchBox().press('Enter');
  await expect(page.getByText('No users match “zzzz”', { exact: false })).toBeVisible();
  // ...so "nothing found" must be too: otherwise a screen reader user hears
  // "Loading users…" and then silence (WCAG 4.1.3 Status Messages).
  await expect(page.getByRole('status').filter({ hasText: 'No users match “zzzz”' })).toHaveCount(1);
});

// ---------------------------------------------------------------------------------------
// Sort and page

test('a column sorts ascending, then descending, back on page 1, with aria-sort', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users?page=3');
  await users.expectResults('Showing 51–75 of 300 users', 'Chloé Haddad');

  await users.sortButton('Email').click();
  await expectAt(page, '/users?sort=Email');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Fernández');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ orderBy: 'Email' }));
  await expect(users.row('Aaron Fernández').getByRole('cell').nth(1)).toHaveText('aaron.fernandez@coworkers.example');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
  await expect(users.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');

  await users.sortButton('Email').click();
  await expectAt(page, '/users?sort=Email&dir=desc');
  await users.expectResults('Showing 1–25 of 300 users', 'Zoë Smith');
  // The one place that knows the encoding: descending is dir=-1 for the dev API.
  expect(sent.at(-1)?.params).toEqual(apiQuery({ orderBy: 'Email', dir: '-1' }));
  await expect(users.row('Zoë Smith').getByRole('cell').nth(1)).toHaveText('zsmith@empresa.example.es');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'descending');
  await expectNoAxeViolations(page);
});

test('paging: next, previous, rows per page and the last page', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.next().click();
  await expectAt(page, '/users?page=2');
  await users.expectResults('Showing 26–50 of 300 users', 'Arjun Dubois');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ page: '2' }));
  await expect(users.pager()).toContainText('Page 2 of 12');
  await expect(users.previous()).toBeEnabled();

  await users.previous().click();
  await expectAt(page, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  expect(sent.at(-1)?.params).toEqual(apiQuery());

  await users.next().click();
  await users.expectResults('Showing 26–50 of 300 users', 'Arjun Dubois');
  // Another page size starts again from page 1.
  await users.pageSize().selectOption('10');
  await expectAt(page, '/users?size=10');
  await users.expectResults('Showing 1–10 of 300 users', 'Aaron Dubois');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ size: '10' }));
  await expect(users.names()).toHaveCount(10);
  await expect(users.pager()).toContainText('Page 1 of 30');
  await expect(users.pageSize()).toHaveValue('10');

  await page.goto('/users?size=100&page=3');
  await users.expectResults('Showing 201–300 of 300 users', 'Mateo Smith');
  await expect(users.names()).toHaveCount(100);
  await expect(users.next()).toBeDisabled();
  await expect(users.pager()).toContainText('Page 3 of 3');
});

test('a stale link to a page past the end does not claim "Showing 0–0 of 300 users"', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sys/users');
  // Not signInAt: the app may already have moved on from page 99 when it checks.
  await page.goto('/users?page=99');
  await signInPage.signIn(ADMIN);
  await answered;
  await settle(page);
  expect(sent[0].params).toEqual(apiQuery({ page: '99' }));
  // The search matched 300 users, there are 12 pages: page 99 is a stale or mistyped link.
  // It goes to the last page instead, replacing the stale address.
  await expect(page).toHaveURL(/\/users\?page=12$/);
  await expect(page.getByText('Page 12 of 12')).toBeVisible();
  await expect(users.statusLine()).toHaveText('Showing 276–300 of 300 users');
  await expect(page.getByText('Showing 0–0 of 300 users')).toHaveCount(0);
  await expect(page.getByText('Page 99 of 12')).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------
// The URL

test('a bookmarked search opens as it was and survives a reload', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  const path = '/users?q=example.org&by=email&sort=LastAccess&dir=desc&page=2&size=10';
  await signInAt(page, signInPage, path);

  const expected = { page: '2', size: '10', orderBy: 'LastAccess', dir: '-1', User_Email: 'example.org' };
  const check = async () => {
    await users.expectResults('Showing 11–20 of 58 users', 'Liam van der Berg');
    expect(sent.at(-1)?.params).toEqual(expected);
    await expect(users.searchBox()).toHaveValue('example.org');
    await expect(users.searchBy()).toHaveValue('email');
    await expect(users.pageSize()).toHaveValue('10');
    await expect(users.columnHeader('Last access')).toHaveAttribute('aria-sort', 'descending');
    await expect(users.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');
    await expect(users.pager()).toContainText('Page 2 of 6');
    await expect(users.names()).toHaveText([
      'Liam van der Berg', 'Ethan Smith', 'Diego Müller', 'Ethan Kowalski', 'Lucía O\'Brien',
      'José MacLeod', 'Hiroshi Okafor', 'Hiroshi Johansson', 'Kwame Okafor', 'Ingrid Müller',
    ]);
  };
  await check();
  const before = sent.length;
  await page.reload();
  await expectAt(page, path);
  await check();
  expect(sent.length).toBe(before + 1);
});

test('text with spaces and symbols round-trips through the URL and the API call', async ({ page, signInPage }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().fill('  zoë ');
  await users.searchBox().press('Enter');
  await users.expectResults('Showing 1–12 of 12 users', 'Zoë Fernández');
  expect(sent.at(-1)?.params).toEqual(apiQuery({ User_FullName: 'zoë' }));
  expect(new URL(page.url()).searchParams.get('q')).toBe('zoë');

  await page.reload();
  await users.expectResults('Showing 1–12 of 12 users', 'Zoë Fernández');
  await expect(users.searchBox()).toHaveValue('zoë');
});

test('Back and Forward step through searches, and the form follows', async ({ page, signInPage }) => {
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().fill('macleod');
  await users.searchBox().press('Enter');
  await expectAt(page, '/users?q=macleod');
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');

  await users.sortButton('Email').click();
  await expectAt(page, '/users?q=macleod&sort=Email');
  await users.expectResults('Showing 1–18 of 18 users', 'Arjun MacLeod');

  await page.goBack();
  await expectAt(page, '/users?q=macleod');
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  await expect(users.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  await expect(users.searchBox()).toHaveValue('macleod');

  await page.goBack();
  await expectAt(page, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  await expect(users.searchBox()).toHaveValue('');

  await page.goForward();
  await expectAt(page, '/users?q=macleod');
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  await expect(users.searchBox()).toHaveValue('macleod');

  await page.goForward();
  await expectAt(page, '/users?q=macleod&sort=Email');
  await users.expectResults('Showing 1–18 of 18 users', 'Arjun MacLeod');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
});

test('Back and Forward also restore the "Search by" choice', async ({ page, signInPage }) => {
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().fill('example.org');
  await users.searchBy().selectOption({ label: 'Email' });
  await expectAt(page, '/users?q=example.org&by=email');
  await users.expectResults('Showing 1–25 of 58 users', 'Aaron Dubois');

  await page.goBack();
  await expectAt(page, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  await expect(users.searchBy()).toHaveValue('name');
  await expect(users.searchBox()).toHaveValue('');

  await page.goForward();
  await expectAt(page, '/users?q=example.org&by=email');
  await users.expectResults('Showing 1–25 of 58 users', 'Aaron Dubois');
  await expect(users.searchBox()).toHaveValue('example.org');
  // What the form shows must be what the results are filtered by.
  await expect(users.searchBy()).toHaveValue('email');
});

test('typing more replaces the history entry instead of adding one per pause', async ({ page, signInPage }) => {
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().fill('mac');
  await expectAt(page, '/users?q=mac');
  await users.searchBox().fill('macleod');
  await expectAt(page, '/users?q=macleod');
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  // One Back leaves the search pages: the debounced steps did not pile up.
  await page.goBack();
  await expect(page).toHaveURL((u) => !u.pathname.startsWith('/users') || u.search === '');
  await expect(page).not.toHaveURL(/q=mac/);
});

// ---------------------------------------------------------------------------------------
// Error, throttling and out-of-order answers

test('a failed search says why and "Try again" repeats it', async ({ page, signInPage, request }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await addFault(request, {
    method: 'GET', path: '/api/sys/users', status: 500, body: '{"Message":"An error has occurred."}',
  });
  await signInAt(page, signInPage, '/users?q=macleod');

  await expect(users.alert()).toHaveText(
    'The users could not be loaded. The server could not complete the request (HTTP 500). Try again in a moment.Try again',
  );
  await expect(users.table()).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The retry fails again, this time with no answer at all. (Chromium itself retries a
  // GET whose kept-alive connection is dropped, so the fault stays until cleared.)
  await addFault(request, { method: 'GET', path: '/api/sys/users', drop: true, count: 20 });
  await users.tryAgain().click();
  await expect(users.alert()).toContainText('Could not reach the server. Check your connection and try again.');
  expect(sent).toHaveLength(2);
  await expectNoAxeViolations(page);

  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
  await users.tryAgain().click();
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  await expect(users.alert()).toHaveCount(0);
  await expect(users.tryAgain()).toHaveCount(0);
  expect(sent.map((s) => s.params)).toEqual([1, 2, 3].map(() => apiQuery({ User_FullName: 'macleod' })));
  await expectAt(page, '/users?q=macleod');
});

test('throttled (409): counts the Retry-After seconds down, then retries by itself', async ({ page, signInPage, request }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  // Every text the throttle note shows, in order, however briefly (a busy machine must
  // not make the test miss a one-second step).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { throttleNotes: string[] }).throttleNotes = seen;
    new MutationObserver(() => {
      document.querySelectorAll('[role="status"]').forEach((el) => {
        const t = el.textContent ?? '';
        if (t.includes('Too many') && seen[seen.length - 1] !== t) seen.push(t);
      });
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await addFault(request, { method: 'GET', path: '/api/sys/users', status: 409, retry_after: 3 });
  await signInAt(page, signInPage, '/users');

  await expect(users.throttleNote()).toContainText(/Too many requests to the server\. Searching again in [1-3] s…/);
  await expect(users.tryAgain()).toHaveCount(0);
  await expect(users.table()).toHaveCount(0);
  await expectNoAxeViolations(page);

  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');
  await expect(users.throttleNote()).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { throttleNotes: string[] }).throttleNotes)).toEqual([
    'Too many requests to the server. Searching again in 3 s…',
    'Too many requests to the server. Searching again in 2 s…',
    'Too many requests to the server. Searching again in 1 s…',
  ]);
  expect(sent).toHaveLength(2);
  expect(sent[1].params).toEqual(sent[0].params);
  // It waited the seconds the server asked for, not less.
  expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(2_500);
});

test('a new search during a throttle countdown ends the countdown and its note', async ({ page, signInPage, request }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await addFault(request, { method: 'GET', path: '/api/sys/users', status: 409, retry_after: 4 });
  await signInAt(page, signInPage, '/users');
  await expect(users.throttleNote()).toHaveText(/Too many requests to the server\. Searching again in [2-4] s…/);

  await users.searchBox().fill('macleod');
  await users.searchBox().press('Enter');
  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');

  // Watch the note through the seconds the old countdown would still tick: it must stay
  // silent, and the abandoned search must not be retried.
  const seen = new Set<string>();
  const watchUntil = Date.now() + 4_500;
  while (Date.now() < watchUntil) {
    const texts = await page.getByRole('status').allTextContents();
    texts.filter((t) => t.includes('Too many')).forEach((t) => seen.add(t));
    await page.waitForTimeout(200);
  }
  expect([...seen]).toEqual([]);
  expect(sent.map((s) => s.params)).toEqual([apiQuery(), apiQuery({ User_FullName: 'macleod' })]);
  await expect(users.summary()).toHaveText('Showing 1–18 of 18 users');
});

test('leaving the page during a throttle countdown leaves the next page alone', async ({ page, signInPage, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const users = new UsersPage(page);
  await addFault(request, { method: 'GET', path: '/api/sys/users', status: 409, retry_after: 3 });
  await signInAt(page, signInPage, '/users');
  await expect(users.throttleNote()).toContainText('Searching again in');

  // Off to a user through an in-app link (the rows, which hold such links, are not shown
  // while the page waits).
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/users/1001';
    link.textContent = 'Open Ada';
    document.body.append(link);
  });
  await page.getByRole('link', { name: 'Open Ada' }).click();
  await expectAt(page, '/users/1001');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Ada Administrator');
  // The countdown's remaining seconds and its end find the users page gone: nothing
  // breaks (a panic in the release build stops the whole app with "unreachable").
  await page.waitForTimeout(3_500);
  expect(errors).toEqual([]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Ada Administrator');
});

test('a slow older answer never replaces the newer results', async ({ page, signInPage, request }) => {
  const sent = recordListRequests(page);
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  // The next list request (the "zoë" search) is held back 2.5 s by the dev API.
  await addFault(request, { method: 'GET', path: '/api/sys/users', delay_ms: 2_500 });
  const slow = page.waitForEvent('requestfinished', (r) => new URL(r.url()).searchParams.get('User_FullName') === 'zoë');
  await users.searchBox().fill('zoë');
  await users.searchBox().press('Enter');
  await expect.poll(() => sent.length).toBe(2);
  await users.searchBox().fill('macleod');
  await users.searchBox().press('Enter');

  await users.expectResults('Showing 1–18 of 18 users', 'Aaron MacLeod');
  await (await slow).response();
  await settle(page);
  // The late "zoë" answer was dropped.
  await expect(users.summary()).toHaveText('Showing 1–18 of 18 users');
  await expect(users.names().first()).toHaveText('Aaron MacLeod');
  await expect(users.names()).toHaveCount(18);
  await expectAt(page, '/users?q=macleod');
  await expect(users.searchBox()).toHaveValue('macleod');
  expect(sent.map((s) => s.params)).toEqual([
    apiQuery(), apiQuery({ User_FullName: 'zoë' }), apiQuery({ User_FullName: 'macleod' }),
  ]);
});

// ---------------------------------------------------------------------------------------
// Keyboard

test('the keyboard alone searches, sorts and opens a result', async ({ page, signInPage }) => {
  const users = new UsersPage(page);
  await signInAt(page, signInPage, '/users');
  await users.expectResults('Showing 1–25 of 300 users', 'Aaron Dubois');

  await users.searchBox().focus();
  await page.keyboard.type('ada');
  await page.keyboard.press('Enter');
  await users.expectResults('Showing the only matching user', 'Ada Administrator');
  await expectAt(page, '/users?q=ada');

  // Tab order: the form, the filters (a date box takes a Tab per part, so they are
  // passed over), the page's selection box, then the column sort buttons, the results.
  const order: Locator[] = [
    users.searchBy(), users.searchButton(), page.getByLabel('Active', { exact: true }),
  ];
  for (const target of order) {
    await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
  }
  const selectAll = page.getByLabel('Select all on this page');
  for (let i = 0; i < 30 && !(await selectAll.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(selectAll).toBeFocused();
  for (const target of [users.sortButton('Name'), users.sortButton('Email')]) {
    await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
  }
  await page.keyboard.press('Space');
  await expectAt(page, '/users?q=ada&sort=Email');
  await expect(users.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
  await users.expectResults('Showing the only matching user', 'Ada Administrator');
  // Sorting keeps the focus where it was.
  await expect(users.sortButton('Email')).toBeFocused();

  for (const target of [users.sortButton('Language'), users.sortButton('Active'), users.sortButton('Admin'),
    users.sortButton('Last access'), page.getByLabel('Select Ada Administrator'),
    page.getByRole('link', { name: 'Ada Administrator' })]) {
    await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
  }
  await page.keyboard.press('Enter');
  await expectAt(page, '/users/1001');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Ada Administrator');
});
