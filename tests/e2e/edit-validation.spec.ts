// Client-side validation in the GOV.UK pattern: a field is judged when it loses focus,
// then live while it is wrong; its message is linked by aria-describedby with a visually
// hidden "Error:"; a failed save brings up an error summary that takes focus and links to
// each field without touching the URL; the page title gains "Error: ". The server's own
// verdicts (the unique email) land on their field the same way.
import { test, expect, expectNoAxeViolations } from './fixtures';
import { EditPage, TAKEN_EMAIL, addFault, putsSeen, recordPuts, storedUser } from './edit-page';

test('a field is marked invalid only after it is left, then follows every change', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const name = edit.field('Full name');

  await name.fill('');
  // Still typing: not judged yet.
  await expect(name).not.toHaveAttribute('aria-invalid', /.*/);
  await expect(page.getByText('Full name is a required field')).toHaveCount(0);

  await name.blur();
  await edit.expectFieldError('Full name', 'Error: Full name is a required field');
  // The description is the visible message, prefixed with a hidden "Error:".
  const describedBy = await name.getAttribute('aria-describedby');
  expect(describedBy).toBe('f-FullName-error');
  const message = page.locator(`#${describedBy}`);
  await expect(message).toBeVisible();
  await expect(message).toHaveText('Error: Full name is a required field');
  await expect(message.getByText('Error:', { exact: true })).toHaveCSS('position', 'absolute');

  // Now live: corrected and broken again without leaving the field.
  await name.focus();
  await name.pressSequentially('A');
  await edit.expectNoFieldError('Full name');
  await name.press('Backspace');
  await edit.expectFieldError('Full name', 'Error: Full name is a required field');
});

test('each kind of field says what is wrong in its own words', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const cases: [label: string, value: string, description: string][] = [
    ['Email address', 'ada.example.com', 'Error: Email address is not a valid email address'],
    ['Email address', '', 'Error: Email address is a required field'],
    ['Support team user email (optional)', 'help@', 'Error: Support team user email is not a valid email address'],
    ['Invalid sign-in attempts', 'three', 'Error: Invalid sign-in attempts must be a whole number'],
    ['Invalid sign-in attempts', '-1', 'Error: Invalid sign-in attempts must be 0 or more'],
    ['Last help page visited', '', 'Error: Last help page visited is a required field'],
    ['Preferred language id (optional)', '2.5', 'Id of a language record; leave empty for none. The API documents no list of languages to pick one by name. Error: Preferred language id must be a whole number'],
    ['Email call-back GUID (optional)', 'not-a-guid', 'For example 3f2504e0-4f89-11d3-9a0c-0305e82c3301. Error: Email call-back GUID is not a valid GUID'],
    ['Full name', 'x'.repeat(256), 'Error: Full name must be at most 255 characters'],
  ];
  for (const [label, value, description] of cases) {
    await edit.fillAndLeave(label, value);
    await edit.expectFieldError(label, description);
  }
  // A field never touched stays unjudged.
  await edit.expectNoFieldError('Devices (optional)');
});

test('a date-time the control cannot read yet is named, and its old value stays', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  const when = edit.field('Last access (optional)');
  await when.focus();
  // One part of the date cleared: the control has no date to give, only "bad input".
  await page.keyboard.press('Backspace');
  await edit.field('Devices (optional)').focus();
  await edit.expectFieldError('Last access (optional)', 'In UTC. Leave empty for none. Error: Last access is not a valid date and time');
  await edit.save();
  await expect(edit.errorSummary()).toBeFocused();
  await expect(edit.summaryLinks()).toHaveText(['Last access is not a valid date and time']);
  expect(puts).toHaveLength(0);
});

test('a failed save shows an error summary that takes focus and links to each field', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  await expect(page).toHaveTitle('Edit Ada Administrator — User Admin');

  // Not yet left (so not yet shown): Save judges every field.
  await edit.field('Full name').fill('');
  await edit.field('Email address').fill('nobody');
  await edit.field('Last help page visited').fill('soon');
  await expect(edit.field('Last help page visited')).toBeFocused();
  await expect(edit.field('Last help page visited')).not.toHaveAttribute('aria-invalid', /.*/);
  await edit.save();

  const summary = edit.errorSummary();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(edit.summaryLinks()).toHaveText([
    'Full name is a required field',
    'Email address is not a valid email address',
    'Last help page visited must be a whole number',
  ]);
  await expect(page).toHaveTitle('Error: Edit Ada Administrator — User Admin');
  // Same words inline.
  await edit.expectFieldError('Full name', 'Error: Full name is a required field');
  await edit.expectFieldError('Email address', 'Error: Email address is not a valid email address');
  await edit.expectFieldError('Last help page visited', 'Error: Last help page visited must be a whole number');
  await expectNoAxeViolations(page);

  // Each link focuses its field and leaves the address alone.
  const url = page.url();
  await edit.summaryLinks().filter({ hasText: 'Email address' }).click();
  await expect(edit.field('Email address')).toBeFocused();
  expect(page.url()).toBe(url);
  await edit.summaryLinks().filter({ hasText: 'Last help page visited' }).click();
  await expect(edit.field('Last help page visited')).toBeFocused();
  await expect(edit.field('Last help page visited')).toBeInViewport();
  expect(page.url()).toBe(url);
  expect(new URL(page.url()).hash).toBe('');

  // Nothing was sent.
  expect(puts).toHaveLength(0);
  expect(await putsSeen(request)).toHaveLength(0);

  // Fixing a problem drops it from the summary at once; fixing all lets the save through.
  await edit.field('Full name').fill('Ada Byron');
  await expect(edit.summaryLinks()).toHaveCount(2);
  await edit.field('Email address').fill('ada.byron@example.com');
  await edit.field('Last help page visited').fill('5');
  await expect(page).toHaveTitle('Edit Ada Administrator — User Admin');
  await edit.save();
  await edit.expectSaved();
  const after = await storedUser(request);
  expect([after.FullName, after.Email, after.LastHelpVisited]).toEqual(['Ada Byron', 'ada.byron@example.com', 5]);
});

test("the server's verdict on a field (email already used) is shown on that field", async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Email address').fill(TAKEN_EMAIL);
  await edit.field('Devices (optional)').fill('Surface');
  await edit.save();

  await expect(edit.errorSummary()).toBeFocused();
  await expect(edit.summaryLinks()).toHaveText(['Email address is already used by another user (you entered “twofactor@example.com”)']);
  await edit.expectFieldError('Email address', 'Error: Email address is already used by another user (you entered “twofactor@example.com”)');
  await expect(page).toHaveTitle('Error: Edit Ada Administrator — User Admin');
  // Nothing typed is lost and nothing was stored.
  await expect(edit.field('Email address')).toHaveValue(TAKEN_EMAIL);
  await expect(edit.field('Devices (optional)')).toHaveValue('Surface');
  expect((await storedUser(request)).Email).toBe('admin@example.com');
  expect(await putsSeen(request)).toEqual([{ status: 400, fault: null }]);

  // Another field changing does not clear it; changing the email does.
  await edit.field('Devices (optional)').fill('Surface Pro');
  await edit.expectFieldError('Email address', 'Error: Email address is already used by another user (you entered “twofactor@example.com”)');
  await edit.field('Email address').fill('ada@example.net');
  await edit.expectNoFieldError('Email address');
  await edit.save();
  await edit.expectSaved();
  const after = await storedUser(request);
  expect([after.Email, after.Devices]).toEqual(['ada@example.net', 'Surface Pro']);
});

test('server errors: each on its field, the unmatched ones in the summary as plain text', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, {
    method: 'PUT', path: '/api/sys/users', status: 400,
    body: JSON.stringify({
      Message: 'Validation failed', WasSuccessful: false,
      Errors: [
        { PropertyName: 'FullName', Message: 'is not allowed by the naming policy' },
        { PropertyName: 'user.Devices', Message: 'lists an unsupported device' },
        { PropertyName: 'MysteryField', Message: 'is odd' },
      ],
    }),
  });
  await edit.save();
  await expect(edit.errorSummary()).toBeFocused();
  await expect(edit.errorSummary().getByRole('listitem')).toHaveText([
    'Full name is not allowed by the naming policy',
    'Devices lists an unsupported device',
    'MysteryField: is odd',
  ]);
  // Field problems are links; the one no field shows is not.
  await expect(edit.summaryLinks()).toHaveText(['Full name is not allowed by the naming policy', 'Devices lists an unsupported device']);
  await edit.expectFieldError('Full name', 'Error: Full name is not allowed by the naming policy');
  await edit.expectFieldError('Devices (optional)', 'Error: Devices lists an unsupported device');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
});
