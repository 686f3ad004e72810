// The read before every save (issue 15) fails the ways the PUT can: each failure of that
// check keeps the edits, says what happened as a failed PUT would, and writes nothing;
// the ones that can (a token refresh, 409, a new sign-in) carry on and save by themselves.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, ADMIN } from './fixtures';
import { EditPage, addFault, apiRequestsSeen, changeBehind, editTwoFields, expectEditsKept, putsSeen, recordGetsSeen, recordPuts, storedUser } from './edit-page';

const CHECK = { method: 'GET', path: '/api/sys/users/1001' };


async function expectStored(edit: EditPage, saved: boolean) {
  const stored = await storedUser(edit.page.request);
  expect([stored.FullName, stored.OnHelpDeskMsg]).toEqual(saved ? ['Ada Lovelace', true] : ['Ada Administrator', false]);
}

test('a server error on the check: said as for the PUT, nothing sent, the edits kept; saving again works', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { ...CHECK, status: 503, body: '{"Message":"An error has occurred."}' });
  await edit.save();
  await expect(edit.saveProblem('The server could not complete the request (HTTP 503). Try again in a moment. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  expect(await putsSeen(request)).toEqual([]);
  await expectStored(edit, false);

  await edit.save();
  await edit.expectSaved();
  await expect(edit.saveProblem(/HTTP 503/)).toHaveCount(0);
  await expectStored(edit, true);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
});

test('a dropped connection on the check: said, nothing sent, the edits kept', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { ...CHECK, drop: true, count: 10 });
  await edit.save();
  await expect(edit.saveProblem('Could not reach the server. Check your connection and try again. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  expect(await putsSeen(request)).toEqual([]);
  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
  await expectStored(edit, false);
});

test('409 on the check counts down, then checks again and saves by itself', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  const before = (await recordGetsSeen(request)).length;
  await addFault(request, { ...CHECK, status: 409, retry_after: 2 });
  await edit.save();
  await expect(edit.throttleStatus()).toHaveText('Too many requests to the server. Saving again in 2 s…');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  expect(puts).toHaveLength(0);
  await edit.expectSaved();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 409, fault: 'status' }, { status: 200, fault: null }]);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  await expectStored(edit, true);
});

test('a 401 on the check with the session still good: the token is refreshed once and the save goes on', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  const refreshes = async () => (await (await request.get('/__dev/stats')).json()).token_requests.refresh_token as number;
  const refreshedBefore = await refreshes();
  const seenBefore = (await apiRequestsSeen(request)).length;
  await addFault(request, { ...CHECK, status: 401, body: '{"Message":"Authorization has been denied for this request."}' });
  await edit.save();
  await edit.expectSaved();
  expect(await refreshes()).toBe(refreshedBefore + 1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The check refused, read again with the fresh token, then the one PUT.
  const seen = (await apiRequestsSeen(request)).slice(seenBefore).filter((q) => q.path.startsWith('/api/sys/users'));
  expect(seen.map((q) => `${q.method} ${q.path} ${q.status}`)).toEqual([
    'GET /api/sys/users/1001 401',
    'GET /api/sys/users/1001 200',
    'PUT /api/sys/users 200',
  ]);
  await expectStored(edit, true);
});

test('401 on the check with the session gone: sign in again in place, then the check and the save go through', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  expect((await request.post('/__dev/expire-tokens')).ok()).toBeTruthy();
  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  const before = (await recordGetsSeen(request)).length;
  await edit.save();

  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(edit.saveProblem('Your session has ended. Sign in again; your changes are kept and will be saved.')).toBeAttached();
  await expect(page).toHaveURL(/\/users\/1001$/);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  expect(await putsSeen(request)).toEqual([]);

  await dialog.getByLabel('Email address').fill(ADMIN.email);
  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await edit.expectSaved();
  // Refused once, then read again after signing in, then written once.
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 401, fault: null }, { status: 200, fault: null }]);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  await expectStored(edit, true);
});

test('the PUT still fails as before after a good check: 500 keeps the edits, after exactly one check', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  const before = (await recordGetsSeen(request)).length;
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 500, body: '{"Message":"An error has occurred."}' });
  await edit.save();
  await expect(edit.saveProblem('The server could not complete the request (HTTP 500). Try again in a moment. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }]);
  expect(await putsSeen(request)).toEqual([{ status: 500, fault: 'status' }]);
  await expectStored(edit, false);
});

/**
 * Holds the mouse button down on Save until the record has been read once more and
 * `whileHeld` is done, then lets go; how many reads of the record came before the press.
 */
async function pressSave(edit: EditPage, request: APIRequestContext, whileHeld: () => Promise<void>) {
  await edit.saveButton().scrollIntoViewIfNeeded();
  const before = (await recordGetsSeen(request)).length;
  const box = await edit.saveButton().boundingBox();
  if (!box) throw new Error('Save is not on screen');
  await edit.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await edit.page.mouse.down();
  await expect.poll(async () => (await recordGetsSeen(request)).length).toBe(before + 1);
  await whileHeld();
  await edit.page.mouse.up();
  return before;
}

test('pressing Save reads the record while the button is held, and the release writes with that read', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  const before = await pressSave(edit, request, async () => {
    expect(await putsSeen(request)).toEqual([]);
  });
  await edit.expectSaved();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }]);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  await expectStored(edit, true);
});

test('a press held over a second reads again on release: what others changed while it was held is kept', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  const before = await pressSave(edit, request, async () => {
    await changeBehind(request, { as: 'admin', by: 'ben@example.com', set: { Devices: 'Pixel 9' } });
    await page.waitForTimeout(1_200);
  });
  await expect(edit.status('Saved. Updated meanwhile by ben@example.com: Devices — your changes were saved on top.')).toBeVisible();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }, { status: 200, fault: null }]);
  const stored = await storedUser(request);
  expect([stored.FullName, stored.OnHelpDeskMsg, stored.Devices]).toEqual(['Ada Lovelace', true, 'Pixel 9']);
});

test('Space held on Save reads the record before it is let go, and the save uses that read', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await edit.saveButton().focus();
  const before = (await recordGetsSeen(request)).length;
  await page.keyboard.down(' ');
  await expect.poll(async () => (await recordGetsSeen(request)).length).toBe(before + 1);
  expect(await putsSeen(request)).toEqual([]);
  await page.keyboard.up(' ');
  await edit.expectSaved();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([{ status: 200, fault: null }]);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
});

test('pressing Save on a form with a problem reads nothing', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('');
  const before = (await recordGetsSeen(request)).length;
  // Held 300 ms, time enough for a read to be seen.
  await edit.saveButton().click({ delay: 300 });
  await expect(edit.errorSummary()).toBeVisible();
  expect((await recordGetsSeen(request)).slice(before)).toEqual([]);
});
