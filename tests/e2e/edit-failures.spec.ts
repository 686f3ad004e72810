// Every way a save can fail, injected with the development API's faults (or real, for the
// viewer account): each says what happened and keeps every edit on screen; the ones that
// can (409, 401) retry by themselves and save.
import type { Page } from '@playwright/test';
import { test, expect, ADMIN } from './fixtures';
import { EditPage, VIEWER, addFault, editTwoFields, expectEditsKept, putsSeen, recordGetsSeen, recordPuts, storedUser } from './edit-page';


async function expectNothingStored(page: Page) {
  const stored = await storedUser(page.request);
  expect([stored.FullName, stored.OnHelpDeskMsg]).toEqual(['Ada Administrator', false]);
}

async function expectRetrySaves(page: Page, edit: EditPage) {
  await edit.save();
  await edit.expectSaved();
  const stored = await storedUser(page.request);
  expect([stored.FullName, stored.OnHelpDeskMsg]).toEqual(['Ada Lovelace', true]);
}

test('a server error (500) says so and keeps the edits; saving again works', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 500, body: '{"Message":"Database unavailable"}' });
  await edit.save();
  await expect(edit.saveProblem('The server could not complete the request (HTTP 500). Try again in a moment. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  await expectNothingStored(page);
  expect(await putsSeen(request)).toEqual([{ status: 500, fault: 'status' }]);
  await expectRetrySaves(page, edit);
  await expect(edit.saveProblem(/HTTP 500/)).toHaveCount(0);
});

test('a dropped connection says so and keeps the edits; saving again works', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  // Chromium silently retries an idempotent PUT once on a dropped keep-alive connection,
  // so the connection is dropped for every attempt until the faults are cleared.
  await addFault(request, { method: 'PUT', path: '/api/sys/users', drop: true, count: 10 });
  await edit.save();
  await expect(edit.saveProblem('Could not reach the server. Check your connection and try again. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  await expectNothingStored(page);
  const seen = await putsSeen(request);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((p) => p.status === 0 && p.fault === 'drop')).toBe(true);
  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
  await expectRetrySaves(page, edit);
});

test('a save the server does not answer in time is given up on, with the edits kept', async ({ page, request, signInPage }) => {
  // A short limit through the runtime config, as a deployment may set it.
  await page.route('**/config.json', (route) => route.fulfill({ json: { apiBase: '/api', requestTimeoutMs: 1500 } }));
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', delay_ms: 5000 });
  await edit.save();
  await expect(edit.saveProblem('The server did not answer in time. Try again in a moment. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  await expect(page.getByRole('button', { name: 'Save changes' })).not.toHaveAttribute('aria-busy', 'true');
});

test('a 200 whose body is not the contract\'s is not taken for "saved"; the edits stay', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 200, body: '<html>Service temporarily unavailable</html>' });
  await edit.save();
  await expect(edit.form().getByRole('alert').filter({ hasText: /cannot read|could not be read|not saved|not be saved/i })).toBeVisible();
  await expectEditsKept(edit);
  await expectNothingStored(page);
});

test('403: the missing User-Edit role is named and the edits stay', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 403, body: '{"Message":"The signed-in user lacks the User-Edit permission."}' });
  await edit.save();
  await expect(edit.saveProblem('Your account lacks the User-Edit role, so it cannot save changes to users. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  await expectNothingStored(page);
  // Not a lost session: no sign-in dialog.
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('an account without User-Edit (401 even after a refresh) is told so, not signed out', async ({ page, request, signInPage }) => {
  // Regression: the token refresh after the first 401 once re-rendered <Shell/> and the
  // form under it (RequireSession tracked the whole session), losing message and edits.
  const edit = new EditPage(page);
  await edit.open(signInPage, 1001, VIEWER);
  await editTwoFields(edit);
  await edit.save();
  await expect(edit.saveProblem('Your account lacks the User-Edit role, so it cannot save changes to users. Your changes are still here.')).toBeVisible();
  await expectEditsKept(edit);
  await expectNothingStored(page);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText(`Signed in as ${VIEWER.email}`)).toBeVisible();
  // Sent, refused, token refreshed once, sent again, refused again.
  expect(await putsSeen(request)).toEqual([{ status: 401, fault: null }, { status: 401, fault: null }]);
});

test('a Retry-After of a day waits 2 minutes at most, and "Retry now" saves at once', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 409, retry_after: 86400 });
  await edit.save();
  await expect(edit.throttleStatus()).toHaveText('Too many requests to the server. Saving again in 120 s…');
  await edit.form().getByRole('button', { name: 'Retry now' }).press('Enter');
  await edit.expectSaved();
  await expect(edit.throttleStatus()).toHaveCount(0);
  expect(await putsSeen(request)).toEqual([{ status: 409, fault: 'status' }, { status: 200, fault: null }]);
});

test('409 with Retry-After counts down, then saves by itself', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 409, retry_after: 2 });
  await edit.save();
  await expect(edit.throttleStatus()).toHaveText('Too many requests to the server. Saving again in 2 s…');
  await expect(edit.throttleStatus()).toHaveText('Too many requests to the server. Saving again in 1 s…');
  // While waiting the edits are all there.
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await edit.expectSaved();
  await expect(edit.throttleStatus()).toHaveCount(0);
  expect(await putsSeen(request)).toEqual([{ status: 409, fault: 'status' }, { status: 200, fault: null }]);
  expect(puts).toHaveLength(2);
  expect(puts[1]).toEqual(puts[0]);
  const stored = await storedUser(request);
  expect([stored.FullName, stored.OnHelpDeskMsg]).toEqual(['Ada Lovelace', true]);
});

test('401 with the session gone: sign in again in place, and the save goes through with the edits', async ({ page, request, signInPage }) => {
  // Regression: losing the session once re-rendered <Shell/> and the form (RequireSession),
  // so the dialog's email was empty and the pending save was dropped with the edits.
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await editTwoFields(edit);
  expect((await request.post('/__dev/expire-tokens')).ok()).toBeTruthy();
  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  await edit.save();

  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Email address')).toHaveValue(ADMIN.email);
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(edit.saveProblem('Your session has ended. Sign in again; your changes are kept and will be saved.')).toBeAttached();
  // The page underneath is as it was, on the same address.
  await expect(page).toHaveURL(/\/users\/1001$/);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expectNothingStored(page);

  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await edit.expectSaved();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.OnHelpDeskMsg]).toEqual(['Ada Lovelace', true]);
  // The check before the PUT met the ended session; after signing in, one PUT.
  expect(await recordGetsSeen(request)).toContainEqual({ status: 401, fault: null });
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
});
