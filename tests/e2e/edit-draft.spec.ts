// Nothing typed is lost: unsaved edits are kept in sessionStorage (never passwords) and
// offered back after a reload as "Restore them".
import type { Dialog, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { EditPage, changeBehind, storedUser } from './edit-page';

const DRAFT_KEY = 'user-admin.draft.1001';
const offer = (page: Page) => page.getByRole('region', { name: 'Unsaved changes from before' });

/** Accepts the browser's "leave site?" question, counting how often it was asked. */
function acceptBeforeUnload(page: Page): Dialog[] {
  const asked: Dialog[] = [];
  page.on('dialog', (d) => {
    asked.push(d);
    void d.accept();
  });
  return asked;
}

test('a reload offers the unsaved edits back, without the passwords', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.field('Purchases').check();
  await edit.addToList('Chat rooms', '5');
  await edit.field('New password (optional)').fill('Str0ng#Pass');
  await edit.field('Confirm new password (optional)').fill('Str0ng#Pass');

  const kept = await page.evaluate((k) => sessionStorage.getItem(k), DRAFT_KEY);
  // The edits, with the values they were made against (so a restore merges).
  expect(JSON.parse(kept ?? '{}')).toEqual({
    edits: { FullName: 'Ada Lovelace', OnPurchases: 'true', ChatRooms: '5' },
    base: { FullName: 'Ada Administrator', OnPurchases: false, ChatRooms: [] },
  });
  expect(kept).not.toContain('Str0ng#Pass');

  const asked = acceptBeforeUnload(page);
  await page.reload();
  // Closing or reloading with unsaved changes asks first.
  expect(asked.map((d) => d.type())).toEqual(['beforeunload']);
  await edit.waitForForm();

  await expect(offer(page)).toContainText('You have unsaved changes to this user from before (passwords are never kept).');
  // Until restored, the form shows the server's record.
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await offer(page).getByRole('button', { name: 'Restore them' }).click();
  await expect(offer(page)).toHaveCount(0);

  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.field('Purchases')).toBeChecked();
  await edit.expectIds('Chat rooms', ['5']);
  await expect(edit.field('New password (optional)')).toHaveValue('');
  await expect(edit.field('Confirm new password (optional)')).toHaveValue('');
  await expect(edit.unsavedNote()).toBeVisible();

  await edit.save();
  await edit.expectSaved();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.OnPurchases, stored.ChatRooms]).toEqual(['Ada Lovelace', true, [5]]);
  // The password was not kept, so it was not changed.
  expect(await page.evaluate((k) => sessionStorage.getItem(k), DRAFT_KEY)).toBeNull();
});

test('"Discard them" drops the kept edits for good', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('Pixel 9');
  acceptBeforeUnload(page);
  await page.reload();
  await edit.waitForForm();
  await offer(page).getByRole('button', { name: 'Discard them' }).click();
  await expect(offer(page)).toHaveCount(0);
  await expect(edit.field('Devices (optional)')).toHaveValue('iPhone 15 (iOS 17.4)');
  await expect(edit.unsavedNote()).toHaveCount(0);
  expect(await page.evaluate((k) => sessionStorage.getItem(k), DRAFT_KEY)).toBeNull();

  await page.reload();
  await edit.waitForForm();
  await expect(offer(page)).toHaveCount(0);
});

test('after a save nothing is offered back', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('Pixel 9');
  await edit.save();
  await edit.expectSaved();
  const asked = acceptBeforeUnload(page);
  await page.reload();
  await edit.waitForForm();
  expect(asked).toHaveLength(0);
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(offer(page)).toHaveCount(0);
});

test('a restored draft does not undo what changed meanwhile: it merges from the values it was made against', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.removeFromList('User roles', '3');
  await edit.field('Devices (optional)').fill('My tablet');
  // Meanwhile another admin adds a role, changes the language and the same Devices.
  await changeBehind(request, { set: { UserRoles: [1, 2, 3, 5], Language: 2, Devices: 'Their phone' } });
  acceptBeforeUnload(page);
  await page.reload();
  await edit.waitForForm();
  await expect(edit.field('Devices (optional)')).toHaveValue('Their phone');
  await offer(page).getByRole('button', { name: 'Restore them' }).click();

  // Mine where only I changed; their role 5 stays beside my removal of 3; their
  // language stays; Devices, changed by both, waits for a decision.
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await edit.expectIds('User roles', ['1', '2', '5']);
  await expect(edit.field('Language').getByRole('option', { selected: true })).toHaveText('Spanish');
  const panel = edit.conflictPanel();
  await expect(panel).toBeFocused();
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByRole('listitem')).toContainText('Their phone');
  await expect(panel.getByRole('listitem')).toContainText('My tablet');
  await panel.getByRole('button', { name: 'Use theirs for Devices' }).click();

  await edit.save();
  await edit.expectSaved();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.UserRoles, stored.Language, stored.Devices]).toEqual(['Ada Lovelace', [1, 2, 5], 2, 'Their phone']);
});

test('a reload while a conflict is undecided keeps it undecided: the restored edit does not win unasked', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('My tablet');
  await changeBehind(request, { set: { Devices: 'Their phone' } });
  await edit.save();
  await expect(edit.conflictPanel()).toBeVisible();

  acceptBeforeUnload(page);
  await page.reload();
  await edit.waitForForm();
  await offer(page).getByRole('button', { name: 'Restore them' }).click();
  // Still theirs against mine, for the admin to decide.
  const panel = edit.conflictPanel();
  await expect(panel).toBeFocused();
  await expect(panel.getByRole('listitem')).toContainText('Their phone');
  await expect(panel.getByRole('listitem')).toContainText('My tablet');
  await edit.save();
  await expect(panel).toBeFocused();
  expect((await storedUser(request)).Devices).toBe('Their phone');

  await panel.getByRole('button', { name: 'Keep mine for Devices' }).click();
  await edit.save();
  await edit.expectSaved();
  expect((await storedUser(request)).Devices).toBe('My tablet');
});
