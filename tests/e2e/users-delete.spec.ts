// Deactivating and deleting a user (issue 28), at the foot of the edit page: "Deactivate"
// is the form's own conflict-safe save with Active off; "Delete user…" is for good, in a
// dialog confirmed by typing the user's email; a delete someone else did first is no
// error; a save in a tab whose user was deleted sends nothing and keeps the edits; an
// account without User-Delete is told so.
//
// Seed facts (dev-api/src/seed.rs): user 1005 is "Olivia Smith" <olivia.smith@example.org>,
// active, Devices "iPhone 15 (iOS 17.4)", not a demo account (deleting her ends nobody's
// session).
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, ADMIN, expectNoAxeViolations } from './fixtures';
import { EditPage, addFault, apiRequestsSeen, apiToken, changeBehind, recordPuts, storedUser } from './edit-page';

const ID = 1005;
const NAME = 'Olivia Smith';
const EMAIL = 'olivia.smith@example.org';
/** May create and edit users, but not delete them. */
const CREATOR = { email: 'creator@example.com', password: 'Admin#2026' };

const section = (page: Page) => page.getByRole('region', { name: 'Deactivate or delete' });
const deleteButton = (page: Page) => section(page).getByRole('button', { name: 'Delete user…', exact: true });
const deactivateButton = (page: Page) => section(page).getByRole('button', { name: /^Deactivate( and save all changes)?$/ });
const dialog = (page: Page) => page.getByRole('dialog', { name: `Delete ${NAME}?` });
const confirmBox = (page: Page) => dialog(page).getByLabel(`To confirm, type the user's email: ${EMAIL}`, { exact: true });
/** The status line of the page the app goes to ("Deleted Olivia Smith"). */
const flash = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** Opens the victim's edit page as `account` and waits for the section at its foot. */
async function openVictim(page: Page, signInPage: Parameters<EditPage['open']>[0], account = ADMIN): Promise<EditPage> {
  const edit = new EditPage(page);
  await edit.open(signInPage, ID, account, NAME);
  await expect(section(page).getByRole('heading', { name: 'Deactivate or delete' })).toBeVisible();
  return edit;
}

/** The writes (`PUT`, `POST`, `DELETE` of users) the development API has seen since the reset. */
async function writesSeen(request: APIRequestContext): Promise<{ method: string; path: string; status: number }[]> {
  return (await apiRequestsSeen(request))
    .filter((q) => ['PUT', 'POST', 'DELETE'].includes(q.method) && q.path.startsWith('/api/sys/users'))
    .map(({ method, path, status }) => ({ method, path, status }));
}

/** Status of `GET /api/sys/users/{id}` for another administrator. */
async function recordStatus(request: APIRequestContext, id = ID): Promise<number> {
  const token = await apiToken(request);
  return (await request.get(`/api/sys/users/${id}`, { headers: { Authorization: `Bearer ${token}` } })).status();
}

/** Deletes the user through the API, as another administrator (another tab) would. */
async function deleteBehind(request: APIRequestContext, id = ID) {
  const token = await apiToken(request);
  const r = await request.delete(`/api/sys/users/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status(), await r.text()).toBe(200);
}

test('Deactivate saves Active off through the normal save, keeping another admin\'s change meanwhile', async ({ page, request, signInPage }) => {
  const edit = await openVictim(page, signInPage);
  await expect(deactivateButton(page)).toHaveText('Deactivate');
  await expect(deleteButton(page)).toBeVisible();
  await expectNoAxeViolations(page);

  // Another admin changes another field behind this page; here, the name is edited.
  await changeBehind(request, { set: { Devices: 'Their phone' } }, ID);
  await edit.field('Full name').fill('Olivia Smith-Jones');
  await expect(deactivateButton(page)).toHaveText('Deactivate and save all changes');
  await deactivateButton(page).click();

  // Saved on top of the other admin's change, as every save of this page is.
  await expect(edit.status(/^Saved\. Updated meanwhile by other\.admin@example\.com: Devices\b/)).toBeVisible();
  await expect(edit.unsavedNote()).toHaveCount(0);
  await expect(edit.field('Active')).not.toBeChecked();
  const stored = await storedUser(request, ID);
  expect([stored.Active, stored.FullName, stored.Devices]).toEqual([false, 'Olivia Smith-Jones', 'Their phone']);
  // Now inactive: no Deactivate, a note how to undo it instead.
  await expect(deactivateButton(page)).toHaveCount(0);
  await expect(section(page).getByText('This user is inactive: they cannot sign in. Tick Active and save to let them back.', { exact: true })).toBeVisible();
  await expect(deleteButton(page)).toBeVisible();
  await expectNoAxeViolations(page);
  expect((await writesSeen(request)).map((w) => `${w.method} ${w.status}`)).toEqual(['PUT 200']);
});

test('Delete user… asks for the email typed; a wrong one sends nothing, the right one (any case) deletes for good', async ({ page, request, signInPage }) => {
  await openVictim(page, signInPage);
  await deleteButton(page).click();

  const d = dialog(page);
  await expect(d).toBeVisible();
  await expect(d).toContainText('cannot be undone');
  await expect(d).toContainText('deactivate them instead');
  await expect(d.getByRole('button', { name: 'Delete user', exact: true })).toBeVisible();
  await expect(d.getByRole('button', { name: 'Deactivate instead', exact: true })).toBeVisible();
  await expect(d.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
  const box = confirmBox(page);
  await expect(box).toHaveValue('');
  await expectNoAxeViolations(page);

  // Nearly the email: refused, said, and nothing is sent.
  await box.fill('olivia.smith@example.com');
  await d.getByRole('button', { name: 'Delete user', exact: true }).click();
  const problem = `Type ${EMAIL} to confirm that this user is to be deleted`;
  await expect(d.getByRole('alert')).toHaveText(problem);
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveAccessibleDescription(problem);
  await expect(d).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await writesSeen(request)).toEqual([]);
  expect(await recordStatus(request)).toBe(200);

  await box.fill(EMAIL.toUpperCase());
  await d.getByRole('button', { name: 'Delete user', exact: true }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(flash(page, `Deleted ${NAME}`)).toHaveText(`Deleted ${NAME}`);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await writesSeen(request)).toEqual([{ method: 'DELETE', path: `/api/sys/users/${ID}`, status: 200 }]);
  expect(await recordStatus(request)).toBe(404);

  // The list no longer holds her.
  await page.getByLabel('Search users').fill(EMAIL);
  await page.getByLabel('Search users').press('Enter');
  await expect(page.getByText(`No users match “${EMAIL}”`, { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: NAME, exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the whole delete can be done with the keyboard alone', async ({ page, request, signInPage }) => {
  await openVictim(page, signInPage);
  const open = deleteButton(page);
  // Tab along the page until "Delete user…" has focus.
  for (let i = 0; i < 250 && !(await open.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');

  // Focus moves into the dialog, to the box.
  await expect(dialog(page)).toBeVisible();
  await expect(confirmBox(page)).toBeFocused();
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Tab');
  await expect(dialog(page).getByRole('button', { name: 'Delete user', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/users$/);
  await expect(flash(page, `Deleted ${NAME}`)).toHaveText(`Deleted ${NAME}`);
  expect(await recordStatus(request)).toBe(404);
});

test('deleting a user someone else already deleted goes to the list saying so, with no error', async ({ page, request, signInPage }) => {
  await openVictim(page, signInPage);
  await deleteBehind(request);

  await deleteButton(page).click();
  await confirmBox(page).fill(EMAIL);
  await dialog(page).getByRole('button', { name: 'Delete user', exact: true }).click();

  await expect(page).toHaveURL(/\/users$/);
  const said = `${NAME} had already been deleted, by someone else or in another tab.`;
  await expect(flash(page, said)).toHaveText(said);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect(await writesSeen(request)).toEqual([
    { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 200 },
    { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 404 },
  ]);
});

test('a save in a tab whose user was deleted meanwhile sends nothing, makes no new user, and keeps the edit to copy', async ({ page, request, signInPage }) => {
  const puts = recordPuts(page);
  const edit = await openVictim(page, signInPage);
  await deleteBehind(request);

  await edit.field('Full name').fill('Olivia Smith-Jones');
  await edit.save();

  await expect(edit.saveProblem('This user no longer exists (deleted meanwhile), so nothing was saved and no new user was made. Your changes are still here, to copy: Full name: “Olivia Smith-Jones”.')).toBeVisible();
  await expect(edit.field('Full name')).toHaveValue('Olivia Smith-Jones');
  await expect(edit.savedStatus()).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/users/${ID}$`));
  await expectNoAxeViolations(page);
  // Only the test's own DELETE: no PUT, no POST.
  expect(puts).toEqual([]);
  expect(await writesSeen(request)).toEqual([{ method: 'DELETE', path: `/api/sys/users/${ID}`, status: 200 }]);
  expect(await recordStatus(request)).toBe(404);
});

test('an account without User-Delete is told so; Delete user… is then unavailable and opens nothing', async ({ page, request, signInPage }) => {
  await openVictim(page, signInPage, CREATOR);
  await deleteButton(page).click();
  await confirmBox(page).fill(EMAIL);
  await dialog(page).getByRole('button', { name: 'Delete user', exact: true }).click();

  await expect(dialog(page).getByRole('alert')).toHaveText('Your account lacks the User-Delete permission, so it cannot delete users. Nothing was deleted.');
  // Not a lost session.
  await expect(page.getByRole('dialog', { name: 'Your session has ended' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const refused = await writesSeen(request);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((w) => w.method === 'DELETE' && w.status === 401)).toBe(true);

  await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const note = 'Your account lacks the User-Delete permission, so it cannot delete users.';
  await expect(deleteButton(page)).toHaveAttribute('aria-disabled', 'true');
  await expect(deleteButton(page)).toHaveAccessibleDescription(note);
  await expect(section(page).getByText(note, { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // force: Playwright itself would wait for an aria-disabled button.
  await deleteButton(page).click({ force: true });
  await deleteButton(page).press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await writesSeen(request)).toHaveLength(refused.length);
  expect((await storedUser(request, ID)).FullName).toBe(NAME);
});

test('Cancel and Escape close the dialog and nothing is deleted', async ({ page, request, signInPage }) => {
  const edit = await openVictim(page, signInPage);

  await deleteButton(page).click();
  await expect(dialog(page)).toBeVisible();
  await confirmBox(page).fill(EMAIL);
  await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await deleteButton(page).click();
  await expect(dialog(page)).toBeVisible();
  await confirmBox(page).fill(EMAIL);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await expect(page).toHaveURL(new RegExp(`/users/${ID}$`));
  await edit.waitForForm(NAME);
  expect(await writesSeen(request)).toEqual([]);
  const stored = await storedUser(request, ID);
  expect([stored.FullName, stored.Active]).toEqual([NAME, true]);
});

test('a delete the server fails (500) or throttles (409) keeps the user and the page; the next press, or the wait, deletes once', async ({ page, request, signInPage }) => {
  await openVictim(page, signInPage);
  await addFault(request, { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 500, body: '{"Status":500,"Message":"An error occurred while deleting the record."}', count: 1 });
  await deleteButton(page).click();
  await confirmBox(page).fill(EMAIL);
  const remove = dialog(page).getByRole('button', { name: 'Delete user', exact: true });
  await remove.click();
  await expect(dialog(page).getByRole('alert')).toHaveText(
    'The server could not complete the request (HTTP 500). Try again in a moment. If the user was deleted meanwhile, pressing Delete user again will say so.',
  );
  await expect(confirmBox(page)).toHaveValue(EMAIL);
  await expect(page).toHaveURL(new RegExp(`/users/${ID}$`));
  expect(await recordStatus(request)).toBe(200);
  await expectNoAxeViolations(page);

  // Throttled: counts down, then deletes by itself, once.
  await addFault(request, { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 409, retry_after: '1', count: 1 });
  await remove.click();
  await expect(dialog(page).getByRole('status').filter({ hasText: /Too many requests to the server\. Deleting again in 1 s…/ })).toBeVisible();
  await expect(page).toHaveURL(/\/users$/);
  await expect(flash(page, `Deleted ${NAME}`)).toHaveText(`Deleted ${NAME}`);
  expect(await writesSeen(request)).toEqual([
    { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 500 },
    { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 409 },
    { method: 'DELETE', path: `/api/sys/users/${ID}`, status: 200 },
  ]);
  expect(await recordStatus(request)).toBe(404);
});
