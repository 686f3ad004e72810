// Conflict-safe saving (issue 15): every save reads the record again and merges the
// admin's edits onto it. What others changed meanwhile to other fields is kept (one PUT,
// and the page says so); a field both changed stops the save until the admin decides,
// in a panel worked with the keyboard alone.
import type { Locator, Page } from '@playwright/test';
import { test, expect, ADMIN, expectNoAxeViolations } from './fixtures';
import { EditPage, addFault, changeBehind, putsSeen, recordGetsSeen, recordPuts, storedUser } from './edit-page';

const OTHER_ADMIN = 'other.admin@example.com';

/** Presses Tab until `target` has the focus (at most `max` times): how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 200) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('changes made meanwhile to other fields are kept: one PUT, both sides on the server, and who it was', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');

  // Behind the page: the member changes her password, then another admin removes a role
  // and changes Devices.
  const loaded = await storedUser(request);
  await changeBehind(request, { as: 'member', password: 'Member#2027' });
  const theirs = await changeBehind(request, { set: { UserRoles: [1, 2], Devices: 'Pixel 9' } });
  expect(theirs.Password).not.toEqual(loaded.Password);
  expect(theirs.PasswordSalt).not.toEqual(loaded.PasswordSalt);

  await edit.save();
  await expect(edit.status(/^Saved\. /)).toHaveText(
    `Saved. Updated meanwhile by ${OTHER_ADMIN}: Devices, Password (stored hash), Password salt, User roles — your changes were saved on top.`,
  );
  await expect(edit.unsavedNote()).toHaveCount(0);

  // Exactly one PUT, carrying both sides.
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  expect(puts).toHaveLength(1);
  expect(puts[0]).toMatchObject({
    FullName: 'Ada Lovelace',
    Devices: 'Pixel 9',
    UserRoles: [1, 2],
    Password: theirs.Password,
    PasswordSalt: theirs.PasswordSalt,
  });
  // Their list change is theirs, not an addition or removal of ours.
  expect(puts[0].AddedUserRoles ?? null).toBeNull();
  expect(puts[0].RemovedUserRoles ?? null).toBeNull();
  const stored = await storedUser(request);
  expect(stored).toMatchObject({
    FullName: 'Ada Lovelace',
    Devices: 'Pixel 9',
    UserRoles: [1, 2],
    Password: theirs.Password,
    PasswordSalt: theirs.PasswordSalt,
    UpdatedBy: ADMIN.email,
  });
  // The member's new password still signs her in.
  const signIn = await request.post('/api/token', { form: { grant_type: 'password', username: ADMIN.email, password: 'Member#2027' } });
  expect(signIn.status()).toBe(200);

  // The form shows their values now, and a further edit saves with no note, their
  // list as the baseline (no additions or removals).
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await edit.field('Devices (optional)').fill('Pixel 10');
  await edit.save();
  await edit.expectSaved();
  expect(puts).toHaveLength(2);
  expect(puts[1]).toMatchObject({ Devices: 'Pixel 10', UserRoles: [1, 2] });
  expect(puts[1].AddedUserRoles ?? null).toBeNull();
  expect(puts[1].RemovedUserRoles ?? null).toBeNull();
  expect((await storedUser(request)).Devices).toBe('Pixel 10');
});

/** Edits two fields, has another admin change both, and saves: the panel is up. */
async function conflictOnTwoFields(page: Page, edit: EditPage) {
  await edit.field('Full name').fill('Ada Mine');
  await edit.field('Devices (optional)').fill('My tablet');
  await edit.field('Help-desk message').check();
  await changeBehind(page.request, { set: { FullName: 'Ada Theirs', Devices: 'Their phone' } });
  // Saved from the keyboard too.
  await edit.field('Devices (optional)').press('Enter');
  const panel = edit.conflictPanel();
  await expect(panel).toBeVisible();
  return panel;
}

/** Saved, and the note names every field they changed, those decided in the panel too. */
async function expectSavedNamingTheirs(edit: EditPage) {
  await expect(edit.status(`Saved. Updated meanwhile by ${OTHER_ADMIN}: Full name, Devices — your changes were saved on top.`)).toBeVisible();
  await expect(edit.unsavedNote()).toHaveCount(0);
}

test('the same field changed on both sides: nothing is sent, the panel takes focus, and each choice is honoured from the keyboard', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  const panel = await conflictOnTwoFields(page, edit);

  // Announced (an alert) and focused; nothing written.
  await expect(panel).toBeFocused();
  await expect(panel).toContainText('Nothing has been saved. For each field, keep your change or use theirs, then save again.');
  await expect(panel.getByRole('listitem')).toHaveCount(2);
  const fullName = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Full name' }) });
  await expect(fullName).toContainText('Ada Theirs');
  await expect(fullName).toContainText('Ada Mine');
  await expect(fullName).toContainText(OTHER_ADMIN);
  await expect(panel.getByRole('status')).toHaveText('2 fields still to decide.');
  expect(await putsSeen(request)).toEqual([]);
  expect(puts).toHaveLength(0);
  expect((await storedUser(request)).FullName).toBe('Ada Theirs');

  // Saving again before deciding sends nothing, not even the check.
  const checks = (await recordGetsSeen(request)).length;
  await edit.field('Devices (optional)').press('Enter');
  await expect(panel).toBeFocused();
  expect(await recordGetsSeen(request)).toHaveLength(checks);
  expect(await putsSeen(request)).toEqual([]);

  // Keyboard only: Tab to "Keep mine" for Full name, Enter; on to "Use theirs" for Devices, Space.
  const keepName = panel.getByRole('button', { name: 'Keep mine for Full name' });
  const theirsDevices = panel.getByRole('button', { name: 'Use theirs for Devices' });
  await tabTo(page, keepName, 10);
  await page.keyboard.press('Enter');
  await expect(keepName).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('status')).toHaveText('1 field still to decide.');
  // The focus stays where the choice was made, so Tab carries on from there.
  await expect(keepName).toBeFocused();
  // Past "Use theirs for Full name" and "Keep mine for Devices".
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(theirsDevices).toBeFocused();
  await page.keyboard.press('Space');
  await expect(theirsDevices).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('status')).toHaveText('Every field is decided: save again.');
  await expect(edit.field('Full name')).toHaveValue('Ada Mine');
  await expect(edit.field('Devices (optional)')).toHaveValue('Their phone');
  expect(await putsSeen(request)).toEqual([]);

  await tabTo(page, edit.saveButton());
  await page.keyboard.press('Enter');
  await expectSavedNamingTheirs(edit);
  await expect(panel).toHaveCount(0);
  expect(puts).toHaveLength(1);
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Devices, stored.OnHelpDeskMsg]).toEqual(['Ada Mine', 'Their phone', true]);
});

test('"Keep all mine" keeps every edit', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  const panel = await conflictOnTwoFields(page, edit);
  await expect(panel).toBeFocused();
  const all = panel.getByRole('button', { name: 'Keep all mine' });
  await tabTo(page, all, 5);
  await page.keyboard.press('Space');
  await expect(panel.getByRole('button', { name: 'Keep mine for Full name' })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('button', { name: 'Keep mine for Devices' })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('status')).toHaveText('Every field is decided: save again.');
  expect(puts).toHaveLength(0);
  await tabTo(page, edit.saveButton());
  await page.keyboard.press('Enter');
  await expectSavedNamingTheirs(edit);
  expect(puts).toHaveLength(1);
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Devices, stored.OnHelpDeskMsg]).toEqual(['Ada Mine', 'My tablet', true]);
});

test('"Use all theirs" takes their values and saves the other edits on top', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  const panel = await conflictOnTwoFields(page, edit);
  await expect(panel).toBeFocused();
  const all = panel.getByRole('button', { name: 'Use all theirs' });
  await tabTo(page, all, 5);
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('button', { name: 'Use theirs for Full name' })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByRole('button', { name: 'Use theirs for Devices' })).toHaveAttribute('aria-pressed', 'true');
  await expect(edit.field('Full name')).toHaveValue('Ada Theirs');
  await expect(edit.field('Devices (optional)')).toHaveValue('Their phone');
  await expect(edit.field('Help-desk message')).toBeChecked();
  expect(puts).toHaveLength(0);
  await tabTo(page, edit.saveButton());
  await page.keyboard.press('Enter');
  await expectSavedNamingTheirs(edit);
  expect(puts).toHaveLength(1);
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Devices, stored.OnHelpDeskMsg]).toEqual(['Ada Theirs', 'Their phone', true]);
});

test('the conflict panel passes axe', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const panel = await conflictOnTwoFields(page, edit);
  await expectNoAxeViolations(page);
  await panel.getByRole('button', { name: 'Keep mine for Full name' }).press('Enter');
  await expectNoAxeViolations(page);
});

test('a save whose check finds the user deleted says so, sends nothing and keeps the edits', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.field('Help-desk message').check();
  await addFault(request, { method: 'GET', path: '/api/sys/users/1001', status: 404, body: '"Not found"' });
  await edit.save();
  await expect(edit.saveProblem('This user no longer exists (deleted meanwhile), so nothing was saved and no new user was made. Your changes are still here, to copy: Full name: “Ada Lovelace”; Help-desk message: on.')).toBeVisible();
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.field('Help-desk message')).toBeChecked();
  await expect(edit.unsavedNote()).toBeVisible();
  await expect(edit.savedStatus()).toHaveCount(0);
  expect(await recordGetsSeen(request)).toContainEqual({ status: 404, fault: 'status' });
  expect(puts).toHaveLength(0);
  expect(await putsSeen(request)).toEqual([]);
});
