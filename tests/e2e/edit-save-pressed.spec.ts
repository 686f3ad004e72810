// What the admin pressed is what is saved (issue 26): every attempt of one save sends the
// form as it was when Save was pressed, whatever is typed while it waits; what others
// changed is named once, across all its attempts; a save the server already holds sends
// nothing; a throttled save can be stopped.
import { test, expect, ADMIN } from './fixtures';
import { EDITOR, EditPage, addFault, changeBehind, putsSeen, recordPuts, signInAgainInDialog, storedUser } from './edit-page';

const BEN = 'ben@example.com';
const TYPED_WHILE_SAVING = 'Saved. What you typed while it was saving is not saved yet.';

test('a save throttled before its PUT sends what was pressed; an Email typed during the countdown stays unsaved', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 409, retry_after: 2 });
  await edit.save();
  await expect(edit.throttleStatus()).toBeVisible();
  // Half-typed, and valid as far as the rules go: it must not become her sign-in name.
  await edit.field('Email address').fill('bob@exam');

  await expect.poll(() => puts.length, { timeout: 10_000 }).toBe(2);
  expect(puts.map((p) => [p.FullName, p.Email])).toEqual([
    ['Ada Lovelace', ADMIN.email],
    ['Ada Lovelace', ADMIN.email],
  ]);
  await expect(edit.status(TYPED_WHILE_SAVING)).toBeVisible();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Email]).toEqual(['Ada Lovelace', ADMIN.email]);
  await expect(edit.field('Email address')).toHaveValue('bob@exam');
  await expect(edit.unsavedNote()).toBeVisible();

  // The next keystroke is a new change: "Saved" goes; the next Save sends the Email.
  await edit.field('Email address').fill('bob@example.org');
  await expect(edit.status(TYPED_WHILE_SAVING)).toHaveCount(0);
  await edit.save();
  await edit.expectSaved();
  expect(puts.at(-1)?.Email).toBe('bob@example.org');
});

test('a save whose check read is slow sends what was pressed, not what was typed while it waited', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, { method: 'GET', path: '/api/sys/users/1001', delay_ms: 1_500 });
  await edit.save();
  await expect(edit.status('Saving…')).toBeVisible();
  await edit.field('Email address').fill('bob@exam');
  await edit.field('Devices (optional)').fill('Typed while saving');

  await expect.poll(() => puts.length, { timeout: 10_000 }).toBe(1);
  expect([puts[0].FullName, puts[0].Email, puts[0].Devices]).toEqual(['Ada Lovelace', ADMIN.email, 'iPhone 15 (iOS 17.4)']);
  await expect(edit.status(TYPED_WHILE_SAVING)).toBeVisible();
  await expect(edit.field('Email address')).toHaveValue('bob@exam');
  await expect(edit.field('Devices (optional)')).toHaveValue('Typed while saving');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await edit.reviewButton().click();
  await expect(edit.review()).toContainText('Email address');
  await expect(edit.review()).toContainText('Devices');
  await expect(edit.review()).not.toContainText('Full name');
});

test('the save a new sign-in takes up is the one pressed, not what was typed before carrying on', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  await edit.save();
  await signInAgainInDialog(page, EDITOR);
  const changed = page.getByRole('alert').filter({ hasText: `You are now signed in as ${EDITOR.email}` });
  await expect(changed).toBeVisible();
  // The page is the admin's again to type in, before carrying on.
  await edit.field('Email address').fill('bob@exam');
  await changed.getByRole('button', { name: `Carry on as ${EDITOR.email}` }).click();

  await expect.poll(() => puts.length, { timeout: 10_000 }).toBe(1);
  expect([puts[0].FullName, puts[0].Email]).toEqual(['Ada Lovelace', ADMIN.email]);
  await expect(edit.status(TYPED_WHILE_SAVING)).toBeVisible();
  await expect(edit.field('Email address')).toHaveValue('bob@exam');
});

test('"Updated meanwhile" names what others changed before a 409 and during its wait', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', by: BEN, set: { Devices: 'Pixel 9' } });
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 409, retry_after: 2 });
  await edit.save();
  await expect(edit.throttleStatus()).toBeVisible();
  // Nothing changes on screen while the save waits.
  await expect(edit.field('Devices (optional)')).toHaveValue('iPhone 15 (iOS 17.4)');
  await changeBehind(request, { as: 'admin', by: BEN, set: { LastHelpVisited: 7 } });

  await expect(edit.status(`Saved. Updated meanwhile by ${BEN}: Devices, Last help page visited — your changes were saved on top.`)).toBeVisible();
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(edit.field('Last help page visited')).toHaveValue('7');
});

test('"Updated meanwhile" names what others changed before a server error, once the save goes through', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', by: BEN, set: { Devices: 'Pixel 9' } });
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 500, body: '{"Message":"An error has occurred."}' });
  await edit.save();
  await expect(edit.saveProblem(/HTTP 500/)).toBeVisible();
  await expect(edit.field('Devices (optional)')).toHaveValue('iPhone 15 (iOS 17.4)');

  await edit.save();
  await expect(edit.status(`Saved. Updated meanwhile by ${BEN}: Devices — your changes were saved on top.`)).toBeVisible();
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
});

test('"Updated meanwhile" names what others changed besides a conflict decided field by field', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', by: BEN, set: { FullName: 'Ada King', Devices: 'Pixel 9' } });
  await edit.save();
  await expect(edit.conflictPanel()).toBeVisible();
  await edit.conflictPanel().getByRole('button', { name: 'Keep mine for Full name' }).click();
  await edit.save();
  await expect(edit.status(`Saved. Updated meanwhile by ${BEN}: Full name, Devices — your changes were saved on top.`)).toBeVisible();
  expect((await storedUser(request)).FullName).toBe('Ada Lovelace');
});

test('a save whose answer was lost: the next save finds the changes on the server and sends nothing', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.field('Help-desk message').check();
  // The first PUT reaches the server and is applied; its answer never reaches the page.
  let lost = false;
  await page.route('**/api/sys/users', async (route) => {
    if (route.request().method() === 'PUT' && !lost) {
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await edit.save();
  await expect(edit.saveProblem('Could not reach the server. Check your connection and try again. Your changes are still here.')).toBeVisible();
  const applied = await storedUser(request);
  expect([applied.FullName, applied.OnHelpDeskMsg]).toEqual(['Ada Lovelace', true]);

  await edit.save();
  await expect(edit.status('Already saved — the server has these changes.')).toBeVisible();
  await expect(edit.unsavedNote()).toHaveCount(0);
  expect(await putsSeen(request)).toEqual([{ status: 200, fault: null }]);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
});

test('"Stop retrying" ends a throttled save: nothing more is sent, the edits stay, and Save works later', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, { method: 'PUT', path: '/api/sys/users', status: 409, retry_after: 3, count: 50 });
  await edit.save();
  await expect(edit.throttleStatus()).toBeVisible();
  await edit.form().getByRole('button', { name: 'Stop retrying' }).click();
  await expect(edit.saveProblem(/^Saving stopped: nothing was sent\. Your changes are still here; press Save to try again\./)).toBeVisible();
  await expect(edit.throttleStatus()).toHaveCount(0);
  await expect(edit.saveButton()).not.toHaveAttribute('aria-busy', /.*/);
  const sent = (await putsSeen(request)).length;
  await page.waitForTimeout(4_000);
  expect(await putsSeen(request)).toHaveLength(sent);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.unsavedNote()).toBeVisible();

  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
  await edit.save();
  await edit.expectSaved();
});
