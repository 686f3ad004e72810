// A new password: the platform's policy checked as the admin types, a confirmation that
// must match, only the new password sent (never the confirmation), both boxes emptied
// once saved.
import { test, expect, ADMIN } from './fixtures';
import { EditPage, apiToken, putsSeen, recordPuts, storedUser } from './edit-page';

const NEW = 'New password (optional)';
const CONFIRM = 'Confirm new password (optional)';
const HINT = 'At least 8 characters, with an upper-case letter, a lower-case letter, a digit and one of ! £ $ % ^ & \\ - * # : @ ? > <';

test('each part of the password policy that is missed is named', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const cases: [string, string[]][] = [
    ['short', [
      'must be at least 8 characters long', 'must contain an upper-case letter',
      'must contain a digit', 'must contain one of ! £ $ % ^ & \\ - * # : @ ? > <',
    ]],
    ['lowercase1!', ['must contain an upper-case letter']],
    ['UPPERCASE1!', ['must contain a lower-case letter']],
    ['NoDigits!!', ['must contain a digit']],
    ['NoSymbol12', ['must contain one of ! £ $ % ^ & \\ - * # : @ ? > <']],
    ['Sh0rt£', ['must be at least 8 characters long']],
  ];
  for (const [typed, problems] of cases) {
    await edit.fillAndLeave(NEW, typed);
    await edit.expectFieldError(NEW, `${HINT} ${problems.map((p) => `Error: New password ${p}`).join(' ')}`);
  }
  await edit.fillAndLeave(NEW, 'Välid£Pass9');
  await edit.expectNoFieldError(NEW);
  await expect(edit.field(NEW)).toHaveAccessibleDescription(HINT);
});

test('the confirmation is required and must match', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field(NEW).fill('Str0ng#Pass');
  await edit.save();
  await expect(edit.summaryLinks()).toHaveText(['Confirm new password is a required field']);
  await edit.expectFieldError(CONFIRM, 'Error: Confirm new password is a required field');

  await edit.field(CONFIRM).fill('Str0ng#Pas');
  await edit.expectFieldError(CONFIRM, 'Error: Confirm new password does not match the new password');
  await edit.save();
  await expect(edit.summaryLinks()).toHaveText(['Confirm new password does not match the new password']);
  await edit.summaryLinks().first().click();
  await expect(edit.field(CONFIRM)).toBeFocused();
  expect(await putsSeen(request)).toHaveLength(0);
});

test('a valid new password is sent once, without its confirmation, and then forgotten', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const before = await storedUser(request);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await edit.field(NEW).fill('Str0ng#Pass');
  await edit.field(CONFIRM).fill('Str0ng#Pass');
  await edit.save();
  await edit.expectSaved();

  expect(puts).toHaveLength(1);
  expect(puts[0].NewPassword).toBe('Str0ng#Pass');
  expect(puts[0]).not.toHaveProperty('ConfirmNewPassword');
  // The stored secrets were sent back as loaded; the server made new ones.
  expect(puts[0].Password).toBe(before.Password);
  expect(puts[0].PasswordSalt).toBe(before.PasswordSalt);
  const after = await storedUser(request);
  expect(after.Password).not.toBe(before.Password);
  expect(after.NewPassword).toBeNull();

  await expect(edit.field(NEW)).toHaveValue('');
  await expect(edit.field(CONFIRM)).toHaveValue('');
  // The new password is the one that signs in now.
  await apiToken(request, { email: ADMIN.email, password: 'Str0ng#Pass' });
  const old = await request.post('/api/token', {
    form: { grant_type: 'password', username: ADMIN.email, password: ADMIN.password },
  });
  expect(old.status()).toBe(400);
});
