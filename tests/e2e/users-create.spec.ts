// Creating a user (issue 28): `/users/new` asks first for what a new person needs, the
// rest under "More fields"; one press never makes two users (a double click, Enter while
// on its way, a lost answer pressed again, a 409 that waits); the server's verdicts land
// on their fields; the draft survives a reload; an account without User-Create is told so.
//
// Seed facts (dev-api/src/seed.rs): user 1001 is "Ada Administrator" <admin@example.com>;
// new users get ids above the seed's; no seeded user has "grace.hopper@navy.example", the
// address the new users here are given.
import type { APIRequestContext, Dialog, Page } from '@playwright/test';
import { test, expect, ADMIN, SignInPage, expectNoAxeViolations } from './fixtures';
import { ADA_ID, VIEWER, addFault, apiRequestsSeen, apiToken, storedUser, type UserJson } from './edit-page';

const NAME = 'Grace Hopper';
const EMAIL = 'grace.hopper@navy.example';

/** The create page as a person uses it. */
class NewUserPage {
  constructor(readonly page: Page) {}

  /** Opens `/users/new` signed out, signs in on the way, and waits for the form. */
  async open(signInPage: SignInPage, account: { email: string; password: string } = ADMIN) {
    await this.page.goto('/users/new');
    await expect(signInPage.email()).toBeVisible();
    await signInPage.signIn(account);
    await expect(this.page).toHaveURL(/\/users\/new$/);
    await this.waitForForm();
  }

  async waitForForm() {
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('New user');
    await expect(this.createButton()).toBeVisible();
  }

  form() { return this.page.getByRole('form', { name: 'New user' }); }
  /** A field's control by its exact label. */
  field(label: string) { return this.form().getByLabel(label, { exact: true }); }
  createButton() { return this.form().getByRole('button', { name: /^(Create user|Creating…)$/ }); }
  errorSummary() { return this.page.getByRole('alert', { name: 'There is a problem' }); }
  summaryLinks() { return this.errorSummary().getByRole('link'); }
  /** The alert under Create user that says what the last press came to. */
  problem(text: string | RegExp) { return this.form().getByRole('alert').filter({ hasText: text }); }
  /** The throttle countdown. */
  throttleStatus() { return this.form().getByRole('status').filter({ hasText: /Too many requests/ }); }
  /** The id-list picker ("Add to businesses") of the list labelled `label`. */
  picker(label: string) {
    return this.form().getByRole('group', { name: label, exact: true }).getByLabel(`Add to ${label.toLowerCase()}`, { exact: true });
  }

  async fillMinimal(name = NAME, email = EMAIL) {
    await this.field('Full name').fill(name);
    await this.field('Email address').fill(email);
  }
}

/** The status line the next page shows of the create ("User created"). */
const flash = (page: Page, text: string) => page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) });

/** The app went to the new user's edit page, saying so; its id. */
async function expectOnNewUser(page: Page, name = NAME): Promise<number> {
  await expect(page).toHaveURL(/\/users\/\d+$/);
  const id = Number(/\/users\/(\d+)$/.exec(page.url())?.[1]);
  expect(id).toBeGreaterThan(ADA_ID);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${name}`);
  await expect(flash(page, 'User created')).toBeVisible();
  return id;
}

/** The users the API holds with exactly `email` (the list filter is "contains"). */
async function usersWithEmail(request: APIRequestContext, email: string): Promise<UserJson[]> {
  const token = await apiToken(request);
  const r = await request.get(`/api/sys/users?page=1&size=100&User_Email=${encodeURIComponent(email)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(r.status()).toBe(200);
  const records = (await r.json()).Records as UserJson[];
  return records.filter((u) => String(u.Email).toLowerCase() === email.toLowerCase());
}

/** The creates (`POST /api/sys/users`) the development API has seen since the reset. */
async function postsSeen(request: APIRequestContext): Promise<{ status: number; fault: string | null }[]> {
  return (await apiRequestsSeen(request))
    .filter((q) => q.method === 'POST' && /^\/api\/sys\/users\/?$/.test(q.path))
    .map(({ status, fault }) => ({ status, fault }));
}

/** Every create the page sends. */
function recordPosts(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /^\/api\/sys\/users\/?$/.test(new URL(r.url()).pathname)) sent.push(r.postData() ?? '');
  });
  return sent;
}

/** Holds every create until the returned function is called. */
async function holdPosts(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => { release = r; });
  await page.route(/\/api\/sys\/users\/?$/, async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  return release;
}

/** Accepts every browser dialog (leave questions), recording each. */
function acceptDialogs(page: Page): Dialog[] {
  const asked: Dialog[] = [];
  page.on('dialog', (d) => {
    asked.push(d);
    void d.accept();
  });
  return asked;
}

test('a minimal create (name and email) makes one active user who must reset the password, and opens it', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage);
  await expect(page.getByRole('main').getByRole('link', { name: 'Users', exact: true })).toHaveAttribute('href', '/users');
  await expect(create.form().getByRole('heading', { name: 'The new user' })).toBeVisible();
  for (const label of ['Full name', 'Email address', 'Active', 'Administrator', 'Language', 'New password (optional)', 'Confirm new password (optional)', 'Must reset password at next sign-in']) {
    await expect(create.field(label), label).toBeVisible();
  }
  for (const label of ['User roles', 'Businesses']) {
    await expect(create.form().getByRole('group', { name: label, exact: true }), label).toBeVisible();
  }
  await expect(create.field('Full name')).toHaveValue('');
  await expect(create.field('Email address')).toHaveValue('');
  await expect(create.field('Active')).toBeChecked();
  await expect(create.field('Administrator')).not.toBeChecked();
  await expect(create.field('Must reset password at next sign-in')).toBeChecked();
  // The rest waits, closed, under "More fields".
  const more = create.form().locator('details').filter({ has: page.getByText('More fields', { exact: true }) });
  await expect(more).not.toHaveAttribute('open', /.*/);
  await expect(create.form().getByLabel(/^New email/)).toBeHidden();
  await expectNoAxeViolations(page);

  await create.fillMinimal();
  await create.createButton().click();

  const id = await expectOnNewUser(page);
  await expectNoAxeViolations(page);
  const stored = await storedUser(request, id);
  expect([stored.FullName, stored.Email, stored.Active, stored.MustResetPassword, stored.IsAdmin])
    .toEqual([NAME, EMAIL, true, true, false]);
  expect(await postsSeen(request)).toEqual([{ status: 200, fault: null }]);
  expect((await usersWithEmail(request, EMAIL)).map((u) => u.Id)).toEqual([id]);
});

test('empty required fields stop the create; the server\'s verdicts land on their fields and in the summary', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage);

  // Nothing typed: the client says so, and nothing is posted.
  await create.createButton().click();
  await expect(create.errorSummary()).toBeFocused();
  await expect(create.summaryLinks()).toHaveText(['Full name is a required field', 'Email address is a required field']);
  await expect(create.field('Full name')).toHaveAttribute('aria-invalid', 'true');
  await expect(create.field('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  expect(await postsSeen(request)).toEqual([]);
  await expect(page).toHaveURL(/\/users\/new$/);

  // Valid to the client, refused by the server: a business that does not exist (999).
  await create.fillMinimal();
  await create.picker('Businesses').fill('999');
  await create.picker('Businesses').press('Enter');
  await create.createButton().click();
  await expect(create.errorSummary()).toBeFocused();
  await expect(create.summaryLinks()).toHaveText(['Businesses contains an id that does not exist (id 999)']);
  await expect(create.form().getByRole('group', { name: 'Businesses', exact: true })
    .getByText('Businesses contains an id that does not exist (id 999)')).toBeVisible();
  await expect(create.field('Full name')).not.toHaveAttribute('aria-invalid', /.*/);
  await expectNoAxeViolations(page);
  await expect(page).toHaveURL(/\/users\/new$/);
  expect(await postsSeen(request)).toEqual([{ status: 400, fault: null }]);
  expect(await usersWithEmail(request, EMAIL)).toEqual([]);
  // What was typed stays.
  await expect(create.field('Full name')).toHaveValue(NAME);
  await expect(create.field('Email address')).toHaveValue(EMAIL);

  // Corrected, it creates.
  await create.form().getByRole('group', { name: 'Businesses', exact: true }).getByRole('button', { name: /^Remove #999/ }).click();
  await create.createButton().click();
  const id = await expectOnNewUser(page);
  expect((await storedUser(request, id)).Businesses).toEqual([]);
});

test('an email another user has is refused on the Email address field, and nothing is created', async ({ page, request, signInPage }) => {
  const taken = String((await storedUser(request, ADA_ID)).Email);
  const create = new NewUserPage(page);
  await create.open(signInPage);
  await create.fillMinimal(NAME, taken.toUpperCase());
  await create.createButton().click();

  await expect(create.errorSummary()).toBeFocused();
  await expect(create.summaryLinks()).toHaveText([/^Email address is already used by another user/]);
  const email = create.field('Email address');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/Email address is already used by another user/);
  await expect(email).toHaveValue(taken.toUpperCase());
  await expect(page).toHaveURL(/\/users\/new$/);
  // Whose it is, with the way to them.
  await expect(create.problem('A user with this email already exists: Ada Administrator.')).toBeVisible();
  await expect(create.form().getByRole('button', { name: 'Open Ada Administrator', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  // Still only Ada has it, and her record is untouched.
  expect((await usersWithEmail(request, taken)).map((u) => u.Id)).toEqual([ADA_ID]);
  expect((await storedUser(request, ADA_ID)).FullName).toBe('Ada Administrator');
  expect(await postsSeen(request)).toEqual([{ status: 400, fault: null }]);

  // The summary's link goes to the field.
  await create.summaryLinks().first().click();
  await expect(email).toBeFocused();
  await email.fill(EMAIL);
  await create.createButton().click();
  await expectOnNewUser(page);
});

test('a double click, then Enter and another press while creating, send one POST and make one user', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  const posts = recordPosts(page);
  await create.open(signInPage);
  await create.fillMinimal();
  const release = await holdPosts(page);

  await create.createButton().dblclick();
  const button = create.createButton();
  await expect(button).toHaveText('Creating…');
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await create.field('Email address').press('Enter');
  await create.field('Full name').press('Enter');
  // force: Playwright itself would wait for an aria-disabled button.
  await button.click({ force: true });
  await expectNoAxeViolations(page);
  await expect(button).toHaveText('Creating…');
  expect(posts).toHaveLength(1);
  release();

  const id = await expectOnNewUser(page);
  expect(posts).toHaveLength(1);
  expect(await postsSeen(request)).toEqual([{ status: 200, fault: null }]);
  expect((await usersWithEmail(request, EMAIL)).map((u) => u.Id)).toEqual([id]);
});

test('a create whose answer is lost says it cannot tell; pressing again finds the user instead of posting', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  const posts = recordPosts(page);
  await create.open(signInPage);
  await create.fillMinimal();
  // The create happens, but its answer never arrives. Chromium silently sends a POST
  // again when a kept-alive connection closes unanswered (to the server, more creates),
  // so every such attempt is applied and dropped: the page's one request fails.
  const lostAnswer = { method: 'POST', path: '/api/sys/users', drop: true, applied: true, count: 10 };
  await addFault(request, lostAnswer);
  await create.createButton().click();

  await expect(create.problem(/It cannot be told whether the user was created\. Press Create user again: the email is looked up first, so the user is not created twice\.$/)).toBeVisible();
  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
  await expect(page).toHaveURL(/\/users\/new$/);
  await expect(create.createButton()).toHaveText('Create user');
  await expect(create.field('Full name')).toHaveValue(NAME);
  await expectNoAxeViolations(page);
  const created = await usersWithEmail(request, EMAIL);
  expect(created).toHaveLength(1);
  const id = Number(created[0].Id);
  expect(posts).toHaveLength(1);
  const dropped = await postsSeen(request);
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.every((p) => p.status === 0 && p.fault === 'drop')).toBe(true);

  await create.createButton().click();
  await expect(create.problem(`A user with this email already exists: ${NAME}. The earlier press may have created it before its answer was lost, so nothing was sent again.`)).toBeVisible();
  const open = create.form().getByRole('button', { name: `Open ${NAME}`, exact: true });
  await expect(open).toBeVisible();
  await expectNoAxeViolations(page);
  // Not posted again: still the one create, the one user.
  expect(posts).toHaveLength(1);
  expect(await postsSeen(request)).toEqual(dropped);
  expect((await usersWithEmail(request, EMAIL)).map((u) => u.Id)).toEqual([id]);

  await open.click();
  await expect(page).toHaveURL(new RegExp(`/users/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${NAME}`);
  expect(await postsSeen(request)).toEqual(dropped);
});

test('a lost answer the browser itself sends again: the duplicate refusal names the user the first send made, and opens it', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage);
  await create.fillMinimal();
  // One send applied and unanswered: Chromium sends the POST again on another
  // connection, and the server refuses that one (the email is now taken).
  await addFault(request, { method: 'POST', path: '/api/sys/users', drop: true, applied: true, count: 1 });
  await create.createButton().click();

  await expect(create.problem(`A user with this email already exists: ${NAME}.`)).toBeVisible();
  const created = await usersWithEmail(request, EMAIL);
  expect(created).toHaveLength(1);
  await expect(create.field('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await create.form().getByRole('button', { name: `Open ${NAME}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${created[0].Id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit ${NAME}`);
  expect((await usersWithEmail(request, EMAIL)).map((u) => u.Id)).toEqual([created[0].Id]);
});

test('a reload while creating offers the typed values back (never the passwords)', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage);
  await create.fillMinimal();
  await create.field('New password (optional)').fill('Str0ng#Pass');
  await create.field('Confirm new password (optional)').fill('Str0ng#Pass');

  const asked = acceptDialogs(page);
  await page.reload();
  // Reloading with unsaved typing asks first.
  expect(asked.map((d) => d.type())).toEqual(['beforeunload']);
  await create.waitForForm();
  const offer = page.getByRole('region', { name: 'Unsaved changes from before' });
  await expect(offer).toContainText('You have unsaved changes to this user from before (passwords are never kept).');
  await expect(create.field('Full name')).toHaveValue('');
  await expectNoAxeViolations(page);

  await offer.getByRole('button', { name: 'Restore them' }).click();
  await expect(offer).toHaveCount(0);
  await expect(create.field('Full name')).toHaveValue(NAME);
  await expect(create.field('Email address')).toHaveValue(EMAIL);
  await expect(create.field('New password (optional)')).toHaveValue('');
  await expect(create.field('Confirm new password (optional)')).toHaveValue('');
  expect(await postsSeen(request)).toEqual([]);

  await create.createButton().click();
  const id = await expectOnNewUser(page);
  expect((await storedUser(request, id)).FullName).toBe(NAME);
});

test('409 Too many requests counts down, then creates once by itself', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage);
  await create.fillMinimal();
  await addFault(request, { method: 'POST', path: '/api/sys/users', status: 409, retry_after: '1', count: 1 });
  await create.createButton().click();

  await expect(create.throttleStatus()).toHaveText(/^Too many requests to the server\. Creating again in \d+ s…$/);
  await expectNoAxeViolations(page);
  const id = await expectOnNewUser(page);
  expect(await postsSeen(request)).toEqual([{ status: 409, fault: 'status' }, { status: 200, fault: null }]);
  expect((await usersWithEmail(request, EMAIL)).map((u) => u.Id)).toEqual([id]);
});

test('an account without User-Create is told so, keeps the form, and Create user is then unavailable', async ({ page, request, signInPage }) => {
  const create = new NewUserPage(page);
  await create.open(signInPage, VIEWER);
  await create.fillMinimal();
  await create.createButton().click();

  const refused = 'Your account lacks the User-Create permission, so it cannot create users. Ask an administrator for it; the form is kept.';
  await expect(create.problem(refused)).toBeVisible();
  await expect(create.field('Full name')).toHaveValue(NAME);
  await expect(create.field('Email address')).toHaveValue(EMAIL);
  await expect(page).toHaveURL(/\/users\/new$/);
  // Not a lost session.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const button = create.createButton();
  await expect(button).toHaveText('Create user');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveAccessibleDescription(refused);
  await expectNoAxeViolations(page);
  const refusedPosts = await postsSeen(request);
  expect(refusedPosts.length).toBeGreaterThan(0);
  expect(refusedPosts.every((p) => p.status === 401)).toBe(true);

  // Pressing it again sends nothing.
  await button.click({ force: true });
  await create.field('Email address').press('Enter');
  await expect(create.problem(refused)).toBeVisible();
  expect(await postsSeen(request)).toHaveLength(refusedPosts.length);
  expect(await usersWithEmail(request, EMAIL)).toEqual([]);

  // The users page says it next to "New user".
  const asked = acceptDialogs(page);
  await page.getByRole('main').getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page).toHaveURL(/\/users$/);
  expect(asked.map((d) => d.type())).toEqual(['confirm']);
  const note = 'Your account lacks the User-Create permission, so it cannot create users.';
  await expect(page.getByText(note, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New user', exact: true })).toHaveAccessibleDescription(note);
  await expectNoAxeViolations(page);
});

test('the users page links to the form, and a create can be done with the keyboard alone', async ({ page, request, signInPage }) => {
  await page.goto('/users');
  await signInPage.signIn(ADMIN);
  await expect(page).toHaveURL(/\/users$/);
  const link = page.getByRole('link', { name: 'New user', exact: true });
  await expect(link).toHaveAttribute('href', '/users/new');
  await expect(page.getByText('Your account lacks the User-Create permission', { exact: false })).toHaveCount(0);
  await link.focus();
  await page.keyboard.press('Enter');
  const create = new NewUserPage(page);
  await expect(page).toHaveURL(/\/users\/new$/);
  await create.waitForForm();

  // Tab along the page until the first field has focus.
  const name = create.field('Full name');
  for (let i = 0; i < 40 && !(await name.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(name).toBeFocused();
  await page.keyboard.type(NAME);
  await page.keyboard.press('Tab');
  await expect(create.field('Email address')).toBeFocused();
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Enter');

  const id = await expectOnNewUser(page);
  const stored = await storedUser(request, id);
  expect([stored.FullName, stored.Email]).toEqual([NAME, EMAIL]);
  expect(await postsSeen(request)).toEqual([{ status: 200, fault: null }]);
});
