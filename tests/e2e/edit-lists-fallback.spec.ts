// When related records cannot be read: a list refused (401/403) falls back to adding by
// id; an id whose record is gone stays, "(not found)", and goes back unchanged; a failed
// lookup shows ids with a retry and never blocks editing or saving.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, addFault } from './fixtures';
import { EDITOR, EditPage, changeBehind, recordPuts, storedUser } from './edit-page';

// May edit users but read none of the related lists (dev-api/README.md).

for (const status of [401, 403]) test(`${status} on the lists: each says so in one line, and ids are still added by id`, async ({ page, request, signInPage }) => {
  const r = await request.post('/__dev/config', { data: { forbidden_status: status } });
  expect(r.ok()).toBeTruthy();
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage, undefined, EDITOR);
  const businesses = edit.list('Businesses');
  await expect(businesses.getByText('This account may not read the list of businesses: add one by its id.')).toBeVisible();
  // Ids as they are, and a plain box with an Add button, no combobox.
  await edit.expectShown('Businesses', ['#3', '#19']);
  await expect(businesses.getByRole('combobox')).toHaveCount(0);
  await edit.picker('Businesses').fill('7');
  await businesses.getByRole('button', { name: 'Add', exact: true }).click();
  // Ids without names sort by number.
  await edit.expectShown('Businesses', ['#3', '#7', '#19']);

  // A list the user holds nothing of finds out on the first search, then falls back too.
  await edit.picker('Chat rooms').fill('12');
  await expect(edit.list('Chat rooms').getByText('This account may not read the list of chat rooms: add one by its id.')).toBeVisible();
  await expect(edit.picker('Chat rooms')).toHaveValue('12');
  await edit.picker('Chat rooms').press('Enter');
  await edit.expectShown('Chat rooms', ['#12']);

  await edit.save();
  await edit.expectSaved();
  expect(puts[0].Businesses).toEqual([3, 19, 7]);
  expect(puts[0].AddedBusinesses).toEqual([7]);
  expect(puts[0].ChatRooms).toEqual([12]);
  expect((await storedUser(request)).Businesses).toEqual([3, 19, 7]);
});

/** The development API answers no read of several ids: the app reads one id at a time. */
async function oneByOne(request: APIRequestContext) {
  expect((await request.post('/__dev/config', { data: { id_filter: 'refuse' } })).ok()).toBeTruthy();
}

test('an id whose record is not found is shown so, and goes back unchanged', async ({ page, request, signInPage }) => {
  await oneByOne(request);
  await addFault(request, { method: 'GET', path: '/api/sys/businesses/19', status: 404, body: '"Not found"' });
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.expectShown('Businesses', ['Archway Labs Copenhagen', '#19 (not found)']);
  await edit.fillAndLeave('Devices (optional)', 'Pixel 8');
  await edit.save();
  await edit.expectSaved();
  expect(puts[0].Businesses).toEqual([3, 19]);
  expect(puts[0]).not.toHaveProperty('AddedBusinesses');
});

test('a failed lookup shows the id and a retry, and never blocks saving', async ({ page, request, signInPage }) => {
  await oneByOne(request);
  await addFault(request, { method: 'GET', path: '/api/security/userroles/2', status: 500, body: '{"Message":"An error has occurred."}' });
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  const roles = edit.list('User roles');
  await edit.expectShown('User roles', ['User-Edit — Harbour Works Lisbon', 'User-List — Harbour Works Lisbon', '#2']);
  await expect(roles.getByText('Some names could not be loaded.')).toBeVisible();

  await edit.removeFromList('User roles', '3');
  await edit.save();
  await edit.expectSaved();
  expect(puts[0].UserRoles).toEqual([1, 2]);

  await roles.getByRole('button', { name: 'Try again' }).click();
  await edit.expectShown('User roles', ['User-List — Harbour Works Lisbon', 'User-Read — Harbour Works Lisbon']);
  await expect(roles.getByText('Some names could not be loaded.')).toHaveCount(0);
});

test('a refused list is not asked for the rest of its records', async ({ page, request, signInPage }) => {
  await changeBehind(request, { set: { Businesses: Array.from({ length: 40 }, (_, i) => i + 1) }, as: 'platform' });
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/sys/businesses')) asked.push(r.url());
  });
  const edit = new EditPage(page);
  await edit.open(signInPage, undefined, EDITOR);
  await expect(edit.list('Businesses').getByText('This account may not read the list of businesses: add one by its id.')).toBeVisible();
  await edit.expectIds('Businesses', Array.from({ length: 40 }, (_, i) => String(i + 1)));
  // Only what was in flight when the first refusal came (40 ids in one read, sent again
  // once after a fresh token, as every 401 is).
  expect(asked.length).toBeLessThanOrEqual(2);
});

test('names read by one administrator are not shown to the next signed in on the tab', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.expectShown('User roles', ['User-Edit — Harbour Works Lisbon', 'User-List — Harbour Works Lisbon', 'User-Read — Harbour Works Lisbon']);
  await expect(edit.list('Businesses').getByRole('button', { name: 'Remove Archway Labs Copenhagen' })).toBeVisible();
  await expect(edit.list('Businesses').getByRole('button', { name: /^Remove #/ })).toHaveCount(0);

  // Same tab, no reload: the app's memory is all that could carry the names over.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(signInPage.email()).toBeVisible();
  await signInPage.signIn(EDITOR);
  await expect(page).toHaveURL(/\/users\/1001$/);
  await edit.waitForForm();
  // The editor may read none of the lists: the ids, as for a first visit.
  await expect(edit.list('User roles').getByText('This account may not read the list of user roles: add one by its id.')).toBeVisible();
  await edit.expectShown('User roles', ['#1', '#2', '#3']);
  await expect(edit.list('Businesses').getByText('This account may not read the list of businesses: add one by its id.')).toBeVisible();
  await edit.expectShown('Businesses', ['#3', '#19']);
});
