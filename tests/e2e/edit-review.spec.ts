// "Review changes (N)": every changed field, old → new (a new password only as
// "changed"), each with an Undo that puts that field back as loaded.
import { test, expect } from './fixtures';
import { EditPage, recordPuts, storedUser } from './edit-page';

test('the review lists each change old → new, never a password, and Undo reverts one field', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await expect(edit.reviewButton()).toHaveText('Review changes (0)');
  await expect(edit.reviewButton()).toBeDisabled();

  await edit.field('Full name').fill('Ada Lovelace');
  await edit.field('Language').selectOption({ label: 'English (UK)' });
  await edit.field('Devices (optional)').fill('');
  await edit.field('Active').uncheck();
  await edit.field('New password (optional)').fill('Str0ng#Pass');
  await edit.field('Confirm new password (optional)').fill('Str0ng#Pass');
  await edit.removeFromList('User roles', '3');
  await expect(edit.reviewButton()).toHaveText('Review changes (6)');
  await expect(edit.reviewButton()).toHaveAttribute('aria-expanded', 'false');
  await edit.reviewButton().click();
  await expect(edit.reviewButton()).toHaveAttribute('aria-expanded', 'true');

  const items = edit.review().getByRole('listitem');
  await expect(items).toHaveText([
    /^Full name: Ada Administrator → Ada Lovelace\s*Undo$/,
    /^Language: English \(US\) → English \(UK\)\s*Undo$/,
    /^Devices: iPhone 15 \(iOS 17\.4\) → \(empty\)\s*Undo$/,
    /^New password: — → changed\s*Undo$/,
    /^Active: Yes → No\s*Undo$/,
    /^User roles: 1, 2, 3 → 1, 2\s*Undo$/,
  ]);
  await expect(edit.review()).not.toContainText('Str0ng#Pass');
  // Each Undo is named by its field.
  await expect(edit.review().getByRole('button', { name: 'Undo Full name' })).toBeVisible();

  await edit.review().getByRole('button', { name: 'Undo Full name' }).click();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await expect(edit.reviewButton()).toHaveText('Review changes (5)');
  await expect(items.filter({ hasText: 'Full name' })).toHaveCount(0);

  await edit.review().getByRole('button', { name: 'Undo New password' }).click();
  await expect(edit.field('New password (optional)')).toHaveValue('');
  await expect(edit.field('Confirm new password (optional)')).toHaveValue('');
  await edit.review().getByRole('button', { name: 'Undo User roles' }).click();
  await edit.expectIds('User roles', ['1', '2', '3']);
  await expect(edit.reviewButton()).toHaveText('Review changes (3)');

  // What is left is what is saved.
  await edit.save();
  await edit.expectSaved();
  expect(puts).toHaveLength(1);
  expect(puts[0].NewPassword ?? null).toBeNull();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Language, stored.Devices, stored.Active, stored.UserRoles]).toEqual(['Ada Administrator', 3, '', false, [1, 2, 3]]);
  await expect(edit.reviewButton()).toHaveText('Review changes (0)');
});
