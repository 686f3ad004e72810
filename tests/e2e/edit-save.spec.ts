// Saving: a pending state during which nothing sends a second PUT, then "Saved" in a
// polite status region with the reloaded record as the new baseline; Ctrl+S saves too.
import { test, expect, expectNoAxeViolations } from './fixtures';
import { EditPage, holdPuts, putsSeen, recordPuts, storedUser } from './edit-page';

test('while saving the button is busy and a double-click, Enter or Ctrl+S send no second PUT', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  // The PUT is held until the pending state has been looked at.
  const release = await holdPuts(page);

  await edit.saveButton().dblclick();
  const button = edit.saveButton();
  await expect(button).toHaveText('Saving…');
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(edit.form().getByRole('status').filter({ hasText: /^Saving…$/ })).toBeVisible();
  await edit.field('Full name').press('Enter');
  await edit.field('Full name').press('Control+s');
  // force: Playwright itself would wait for an aria-disabled button to be enabled.
  await button.click({ force: true });
  await expectNoAxeViolations(page);
  // Still the one request in flight.
  await expect(button).toHaveText('Saving…');
  expect(puts).toHaveLength(1);
  release();

  await edit.expectSaved();
  await expect(button).toHaveText('Save changes');
  await expect(button).not.toHaveAttribute('aria-busy', /.*/);
  await expect(button).not.toHaveAttribute('aria-disabled', /.*/);
  expect(puts).toHaveLength(1);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  expect((await storedUser(request)).FullName).toBe('Ada Lovelace');
});

test('once saved: "Saved" is announced, the record is the new baseline, and a new edit is unsaved again', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('Pixel 9');
  await edit.field('Tariff change').uncheck();
  await expect(edit.unsavedNote()).toBeVisible();
  await edit.save();

  await edit.expectSaved();
  await expect(edit.savedStatus()).toHaveAttribute('role', 'status');
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(edit.field('Tariff change')).not.toBeChecked();
  // The reloaded record: the server's bookkeeping shows the save.
  const stored = await storedUser(request);
  await expect(edit.fact('Updated by')).toHaveText('admin@example.com');
  expect(stored.Devices).toBe('Pixel 9');
  expect(stored.OnTariffChange).toBe(false);
  await expectNoAxeViolations(page);

  // A further change is a new unsaved change; undoing it is none.
  await edit.field('Devices (optional)').fill('Pixel 10');
  await expect(edit.unsavedNote()).toBeVisible();
  await expect(edit.savedStatus()).toHaveCount(0);
  await edit.field('Devices (optional)').fill('Pixel 9');
  await expect(edit.unsavedNote()).toHaveCount(0);
});

test('Ctrl+S saves from any field', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Last help page visited').fill('12');
  await edit.field('Last help page visited').press('Control+s');
  await edit.expectSaved();
  expect(puts).toHaveLength(1);
  expect((await storedUser(request)).LastHelpVisited).toBe(12);
});

test('a save that first refreshes the access token keeps the page and shows it saved', async ({ page, request, signInPage }) => {
  // Regression: the routine refresh before a request once rebuilt <Shell/> and this page
  // (RequireSession tracked the whole session signal): the PUT went out, but the page came
  // back fresh, offering the edits as "Restore them" and never saying "Saved".
  await page.clock.install();
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('Pixel 9');
  // The dev API's tokens last 60 s: jump to where the app refreshes before sending.
  await page.clock.fastForward('00:55');
  await edit.save();
  await edit.expectSaved();
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(page.getByRole('region', { name: 'Unsaved changes from before' })).toHaveCount(0);
  expect((await storedUser(request)).Devices).toBe('Pixel 9');
});

test('what is typed while a save is on its way stays, as an unsaved change', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  const release = await holdPuts(page);
  await edit.save();
  await expect(edit.saveButton()).toHaveText('Saving…');
  await edit.field('Devices (optional)').fill('Pixel 9');
  release();

  await expect(edit.saveButton()).toHaveText('Save changes');
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.heading()).toHaveText('Edit Ada Lovelace');
  await expect(edit.unsavedNote()).toBeVisible();
  const stored = await storedUser(page.request);
  expect([stored.FullName, stored.Devices]).toEqual(['Ada Lovelace', 'iPhone 15 (iOS 17.4)']);

  await edit.save();
  await edit.expectSaved();
  expect((await storedUser(page.request)).Devices).toBe('Pixel 9');
});
