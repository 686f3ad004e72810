// The user edit page (issue 6) as a person uses it, and the development-API helpers its
// specs share: faults, stats, the stored record read back with a token of its own.
//
// Seed facts the edit specs rely on (dev-api/src/seed.rs, deterministic): user 1001 is
// "Ada Administrator" <admin@example.com>, Businesses [3, 19], UserRoles [1, 2, 3],
// ChatRooms [], Language 1, PreferredLanguageId 2, LastAccess "2024-02-29T08:15:30.123Z",
// NextCommunityDigest "2022-12-21T15:05:32.4051220" (no zone, 7 fraction digits),
// AvatarFileName "avatar-1001-ada.png", and properties the app does not know:
// CustomFields {"Badge":"Gold"}, FutureFlag true, DefaultBusinessId 3, ToStringText, IsNew.
// Businesses 1–30, roles 1–12 and chat rooms 1–20 exist; anything else is refused.
import type { APIRequestContext, Locator, Page, Request } from '@playwright/test';
import { expect, ADMIN, TWO_FACTOR, SignInPage, addFault, type Fault } from './fixtures';

export { addFault, type Fault };

export const ADA_ID = 1001;
export const VIEWER = { email: 'viewer@example.com', password: 'Admin#2026' };
/** May read and edit users, but none of the related lists (their names). */
export const EDITOR = { email: 'editor@example.com', password: 'Admin#2026' };
/** Another seeded user's address: the server refuses it for Ada ("already used"). */
export const TAKEN_EMAIL = 'twofactor@example.com';

export type UserJson = Record<string, unknown>;



/** The PUTs to `/api/sys/users` the development API has seen since the last reset. */
export async function putsSeen(request: APIRequestContext): Promise<{ status: number; fault: string | null }[]> {
  const r = await request.get('/__dev/stats');
  expect(r.ok()).toBeTruthy();
  const stats = await r.json();
  return (stats.requests as { method: string; path: string; status: number; fault: string | null }[])
    .filter((q) => q.method === 'PUT' && q.path === '/api/sys/users')
    .map(({ status, fault }) => ({ status, fault }));
}

/**
 * A fresh access token of the development API, apart from the browser's session. By
 * default Theo (another administrator, two-factor), so Ada's own edits — her email, her
 * password, "Active" — never stop the test from reading her record back.
 */
export async function apiToken(
  request: APIRequestContext,
  account: { email: string; password: string; totp?: string } = TWO_FACTOR,
): Promise<string> {
  const form: Record<string, string> = { grant_type: 'password', username: account.email, password: account.password };
  if (account.totp) form.totp = account.totp;
  const r = await request.post('/api/token', { form });
  expect(r.ok(), await r.text()).toBeTruthy();
  return (await r.json()).access_token as string;
}

/** The record as the development API stores it now (with `token`, or a fresh one). */
export async function storedUser(request: APIRequestContext, id = ADA_ID, token?: string): Promise<UserJson> {
  token ??= await apiToken(request);
  const r = await request.get(`/api/sys/users/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status()).toBe(200);
  return r.json();
}

/** A change made behind the open page (`POST /__dev/users/{id}/change`, dev-api/README.md). */
export type BehindChange = {
  set?: UserJson;
  remove?: string[];
  as?: 'admin' | 'member' | 'platform';
  by?: string;
  password?: string;
};

/** Changes the stored user as another admin, the member or the platform would; the new record. */
export async function changeBehind(request: APIRequestContext, change: BehindChange, id = ADA_ID): Promise<UserJson> {
  const r = await request.post(`/__dev/users/${id}/change`, { data: change });
  expect(r.ok(), await r.text()).toBeTruthy();
  return r.json();
}

/** The requests to `/api…` the development API has seen since the last reset, in order. */
export async function apiRequestsSeen(
  request: APIRequestContext,
): Promise<{ method: string; path: string; status: number; fault: string | null }[]> {
  const r = await request.get('/__dev/stats');
  expect(r.ok()).toBeTruthy();
  return (await r.json()).requests;
}

/** The GETs of one user's record (`/api/sys/users/{id}`) the development API has seen. */
export async function recordGetsSeen(request: APIRequestContext, id = ADA_ID): Promise<{ status: number; fault: string | null }[]> {
  return (await apiRequestsSeen(request))
    .filter((q) => q.method === 'GET' && q.path === `/api/sys/users/${id}`)
    .map(({ status, fault }) => ({ status, fault }));
}

/** Every PUT body the page sends, parsed, in order. */
export function recordPuts(page: Page): UserJson[] {
  const bodies: UserJson[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/sys/users') {
      bodies.push(r.postDataJSON());
    }
  });
  return bodies;
}

/** The edit page of one user. */
export class EditPage {
  constructor(readonly page: Page) {}

  /** Opens `/users/{id}` signed out, signs in on the way, and waits for the form. */
  async open(signInPage: SignInPage, id = ADA_ID, account = ADMIN, name = 'Ada Administrator') {
    await this.page.goto(`/users/${id}`);
    await expect(signInPage.email()).toBeVisible();
    await signInPage.signIn(account);
    await expect(this.page).toHaveURL(new RegExp(`/users/${id}$`));
    await this.waitForForm(name);
  }

  async waitForForm(name = 'Ada Administrator') {
    await expect(this.heading()).toHaveText(`Edit ${name}`);
    await expect(this.saveButton()).toBeVisible();
  }

  heading() { return this.page.getByRole('heading', { level: 1 }); }
  form() { return this.page.getByRole('form', { name: 'Edit user' }); }
  /** A field's control by its exact label ("Full name", "Devices (optional)", "Active"). */
  field(label: string) { return this.form().getByLabel(label, { exact: true }); }
  saveButton() { return this.form().getByRole('button', { name: /^(Save changes|Saving…)$/ }); }
  /** The polite "Saved" / "Saving…" region. */
  savedStatus() { return this.form().getByRole('status').filter({ hasText: /^Saved$/ }); }
  /** A status region of the form that says `text` ("Saved. Updated meanwhile by …", "Still saving…"). */
  status(text: string | RegExp) {
    return this.form().getByRole('status').filter({ hasText: typeof text === 'string' ? new RegExp(`^${escapeRegExp(text)}$`) : text });
  }
  /** The conflict panel: fields someone else changed too, waiting for a choice. */
  conflictPanel() { return this.page.getByRole('alert', { name: 'Someone else changed the same fields' }); }
  /** "Review changes (N)". */
  reviewButton() { return this.form().getByRole('button', { name: /^Review changes \(\d+\)$/ }); }
  /** The list the review opens. */
  review() { return this.form().getByRole('region', { name: 'Your changes' }); }
  /** The throttle countdown. */
  throttleStatus() { return this.form().getByRole('status').filter({ hasText: /Too many requests/ }); }
  /** The alert under the Save button that says why a save failed. */
  saveProblem(text: string | RegExp) { return this.form().getByRole('alert').filter({ hasText: text }); }
  unsavedNote() { return this.page.getByText('You have unsaved changes', { exact: true }); }
  errorSummary() { return this.page.getByRole('alert', { name: 'There is a problem' }); }
  summaryLinks() { return this.errorSummary().getByRole('link'); }
  /** A definition list fact (secrets, read-only fields): the text shown for `term`. */
  fact(term: string) {
    return this.form()
      .locator('dl')
      .filter({ has: this.page.getByRole('term').getByText(term, { exact: true }) })
      .getByRole('definition');
  }

  list(label: string) { return this.form().getByRole('group', { name: label, exact: true }); }
  listIds(label: string) { return this.list(label).getByRole('list').getByRole('listitem'); }
  /** The list holds exactly `ids` (any order: the list sorts by name, and names arrive
   * after the ids), each with its Remove button ("None" when empty). */
  async expectIds(label: string, ids: string[]) {
    const removes = this.list(label).getByRole('list').getByRole('button');
    if (ids.length === 0) {
      await expect(this.listIds(label)).toHaveText(['None']);
      await expect(removes).toHaveCount(0);
      return;
    }
    await expect(removes).toHaveCount(ids.length);
    await expect.poll(async () => (await this.listIds(label).allInnerTexts())
      .map((t) => /#(\d+)/.exec(t)?.[1] ?? t).sort()).toEqual([...ids].sort());
  }
  /** The list's items as shown, in order (names, or ids as `#24`), through the names of
   * their Remove buttons. */
  async expectShown(label: string, shown: string[]) {
    const removes = this.list(label).getByRole('list').getByRole('button');
    await expect(removes).toHaveCount(shown.length);
    for (const [i, text] of shown.entries()) await expect(removes.nth(i)).toHaveAccessibleName(`Remove ${text}`);
  }
  /** The list's picker (its "add" box). */
  picker(label: string) { return this.list(label).getByLabel(`Add to ${label.toLowerCase()}`, { exact: true }); }
  /** Adds an id by typing it and pressing Enter (the picker and the plain id box alike). */
  async addToList(label: string, id: string) {
    const box = this.picker(label);
    await box.fill(id);
    await box.press('Enter');
  }
  /** Removes the held record whose item shows `#id`. */
  async removeFromList(label: string, id: string) {
    await this.listIds(label).filter({ hasText: new RegExp(`#${id}(?!\\d)`) }).getByRole('button').click();
  }

  /** Types into a field and leaves it (the blur that validates). */
  async fillAndLeave(label: string, value: string) {
    const f = this.field(label);
    await f.fill(value);
    await f.blur();
  }

  async save() { await this.saveButton().click(); }

  async expectSaved() {
    await expect(this.savedStatus()).toBeVisible();
    await expect(this.unsavedNote()).toHaveCount(0);
  }

  /** The visible inline message(s) of the field with `label`, through its aria-describedby. */
  async expectFieldError(label: string, description: string | RegExp) {
    const f = this.field(label);
    await expect(f).toHaveAttribute('aria-invalid', 'true');
    await expect(f).toHaveAccessibleDescription(description);
  }

  async expectNoFieldError(label: string) {
    const f = this.field(label);
    await expect(f).not.toHaveAttribute('aria-invalid', /.*/);
    await expect(f).not.toHaveAccessibleDescription(/Error:/);
  }
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Seconds-resolution check that a value is an RFC 3339 instant after `since`. */
export function isRecent(value: unknown, since: number): boolean {
  return typeof value === 'string' && Date.parse(value) >= since - 2000;
}

/** Locator helper: the `<img>` preview of the new avatar. */
export function avatarPreview(page: Page): Locator {
  return page.getByRole('img', { name: 'Preview of the new avatar' });
}

/** Holds every PUT to the users endpoint until the returned function is called. */
export async function holdPuts(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/api/sys/users', async (route) => {
    if (route.request().method() === 'PUT') await held;
    await route.continue();
  });
  return release;
}

/** Makes two edits the failure tests check survive. */
export async function editTwoFields(edit: EditPage) {
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.field('Help-desk message').check();
}

/** The two edits of `editTwoFields` are still on screen, unsaved. */
export async function expectEditsKept(edit: EditPage) {
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.field('Help-desk message')).toBeChecked();
  await expect(edit.unsavedNote()).toBeVisible();
  await expect(edit.savedStatus()).toHaveCount(0);
}

/** The in-place "Your session has ended" dialog is up: signs in there as `account`. */
export async function signInAgainInDialog(page: Page, account: { email: string; password: string }) {
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Email address').fill(account.email);
  await dialog.getByLabel('Password', { exact: true }).fill(account.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
}

/** Lets a test drive the tab's visibility and clock (`awayFor`): `document.hidden` and
 *  `Date.now` are wrapped before the app loads. */
export async function controlVisibilityAndClock(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __hidden: boolean; __offsetMs: number };
    w.__hidden = false;
    w.__offsetMs = 0;
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + w.__offsetMs;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => w.__hidden });
  });
}

/** The tab goes to the background for `ms` (by the page's clock), then comes back. */
export async function awayFor(page: Page, ms: number) {
  await page.evaluate((away) => {
    const w = window as unknown as { __hidden: boolean; __offsetMs: number };
    w.__hidden = true;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    w.__offsetMs += away;
    w.__hidden = false;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, ms);
}
