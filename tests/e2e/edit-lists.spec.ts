// Linked lists (Businesses, User roles, Chat rooms): ids are added (typed into the picker,
// Enter) and removed with the current set in view, and the PUT carries the full new list
// AND the computed Added…/Removed… twins; a list left alone goes back exactly as it came.
// Picking by name: edit-lists-picker.spec.ts; lists that cannot be read:
// edit-lists-fallback.spec.ts.
import { test, expect } from './fixtures';
import { EditPage, putsSeen, recordPuts, storedUser } from './edit-page';

test('adding and removing ids sends the new lists with Added… and Removed…', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.expectIds('Businesses', ['3', '19']);

  await edit.addToList('Businesses', '7');
  await edit.removeFromList('Businesses', '3');
  const addRoom = edit.picker('Chat rooms');
  await addRoom.fill('12');
  await addRoom.press('Enter');
  await expect(addRoom).toHaveValue('');
  await edit.addToList('Chat rooms', '4');
  await edit.expectIds('Businesses', ['19', '7']);
  await edit.expectIds('Chat rooms', ['12', '4']);
  await expect(edit.unsavedNote()).toBeVisible();

  await edit.save();
  await edit.expectSaved();

  expect(puts).toHaveLength(1);
  const body = puts[0];
  expect(body.Businesses).toEqual([19, 7]);
  expect(body.AddedBusinesses).toEqual([7]);
  expect(body.RemovedBusinesses).toEqual([3]);
  expect(body.ChatRooms).toEqual([12, 4]);
  expect(body.AddedChatRooms).toEqual([12, 4]);
  expect(body.RemovedChatRooms).toEqual([]);
  // Not touched: as loaded, without twins.
  expect(body.UserRoles).toEqual([1, 2, 3]);
  expect(body).not.toHaveProperty('AddedUserRoles');
  expect(body).not.toHaveProperty('RemovedUserRoles');

  const after = await storedUser(request);
  expect(after.Businesses).toEqual([19, 7]);
  expect(after.ChatRooms).toEqual([12, 4]);
  expect(after.UserRoles).toEqual([1, 2, 3]);
  await edit.expectIds('Businesses', ['19', '7']);
});

test('removing every role sends an empty list and all of them as removed', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  // Ada stays an administrator (IsAdmin), so she may still save without the roles.
  for (const id of ['1', '2', '3']) await edit.removeFromList('User roles', id);
  await edit.expectIds('User roles', []);
  await edit.save();
  await edit.expectSaved();
  expect(puts[0].UserRoles).toEqual([]);
  expect(puts[0].AddedUserRoles).toEqual([]);
  expect(puts[0].RemovedUserRoles).toEqual([1, 2, 3]);
  expect((await storedUser(request)).UserRoles).toEqual([]);
});

test('removing and adding back the same id is no change at all', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.removeFromList('Businesses', '19');
  await expect(edit.unsavedNote()).toBeVisible();
  await edit.addToList('Businesses', '19');
  await edit.expectIds('Businesses', ['3', '19']);
  await expect(edit.unsavedNote()).toHaveCount(0);
});

test('Enter on text that is no id and no chosen match says what to do, and an id already listed is refused', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const add = edit.picker('Businesses');

  await edit.addToList('Businesses', 'x7');
  await expect(add).toHaveAttribute('aria-invalid', 'true');
  await expect(add).toHaveAccessibleDescription('Error: Choose a match with the arrow keys and Enter, or type an id');
  await expect(add).toHaveValue('x7');

  await edit.addToList('Businesses', '19');
  await expect(add).toHaveAccessibleDescription('Error: That id is already in the list');
  await edit.expectIds('Businesses', ['3', '19']);

  await edit.addToList('Businesses', '8');
  await expect(add).not.toHaveAttribute('aria-invalid', /.*/);
  await edit.expectIds('Businesses', ['3', '19', '8']);
});

test('an id the server does not know is reported on its list, edits kept', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.addToList('Businesses', '999');
  // Its lookup answers 404: shown, and kept.
  await expect(edit.list('Businesses').getByRole('button', { name: 'Remove #999 (not found)' })).toBeVisible();
  await edit.save();
  await expect(edit.errorSummary()).toBeFocused();
  await expect(edit.summaryLinks()).toHaveText(['Businesses contains an id that does not exist (id 999)']);
  await expect(edit.list('Businesses').getByText('Businesses contains an id that does not exist (id 999)')).toBeVisible();
  await edit.expectIds('Businesses', ['3', '19', '999']);
  // The link goes to the list's add box.
  await edit.summaryLinks().first().click();
  await expect(edit.picker('Businesses')).toBeFocused();
  await expect(edit.picker('Businesses'))
    .toHaveAccessibleDescription('Error: Businesses contains an id that does not exist (id 999)');
  expect((await storedUser(request)).Businesses).toEqual([3, 19]);
});

test('an id typed but not added stops the save and says so', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.picker('Chat rooms').fill('7');
  await expect(edit.unsavedNote()).toBeVisible();
  await edit.save();
  await expect(edit.errorSummary()).toBeFocused();
  const link = edit.summaryLinks().filter({ hasText: 'Chat rooms has text typed but not added: choose a match or press Enter, or clear the box' });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(edit.picker('Chat rooms')).toBeFocused();
  expect(await putsSeen(request)).toEqual([]);

  await page.keyboard.press('Enter');
  await edit.save();
  await edit.expectSaved();
  expect((await storedUser(page.request)).ChatRooms).toEqual([7]);
});
