// The edit page loads the whole record: every field filled from it, secrets never shown,
// read-only facts shown as such; a failed load offers Try again; a missing user says so.
import { test, expect, expectNoAxeViolations } from './fixtures';
import { EditPage, addFault, storedUser } from './edit-page';

test('loads every field of the record, hides the secrets and shows the read-only facts', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const stored = await storedUser(request);
  await edit.open(signInPage);
  await expect(page).toHaveTitle('Edit Ada Administrator — User Admin');

  // One control per kind, each with the stored value as its text.
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await expect(edit.field('Email address')).toHaveValue('admin@example.com');
  await expect(edit.field('Email address')).toHaveAttribute('type', 'email');
  await expect(edit.field('Language')).toHaveValue('1');
  await expect(edit.field('Language').getByRole('option', { selected: true })).toHaveText('English (US)');
  await expect(edit.field('Preferred language id (optional)')).toHaveValue('2');
  await expect(edit.field('New avatar URL (optional)')).toHaveValue('');
  await expect(edit.field('Remove the current avatar')).not.toBeChecked();
  await expect(edit.field('Devices (optional)')).toHaveValue('iPhone 15 (iOS 17.4)');
  await expect(edit.field('Active')).toBeChecked();
  await expect(edit.field('Administrator')).toBeChecked();
  await expect(edit.field('API access')).not.toBeChecked();
  await expect(edit.field('Invalid sign-in attempts')).toHaveValue('0');
  // Date-times in UTC, as the hint says; the server's fraction kept to milliseconds.
  // The browser's date-time control, seconds shown.
  await expect(edit.field('Last access (optional)')).toHaveAttribute('type', 'datetime-local');
  await expect(edit.field('Last access (optional)')).toHaveAttribute('step', '1');
  await expect(edit.field('Last access (optional)')).toHaveValue('2024-02-29T08:15:30.123');
  await expect(edit.field('Last access (optional)')).toHaveAccessibleDescription('In UTC. Leave empty for none.');
  // Chromium gives the control's value without seconds when they are zero.
  await expect(edit.field('Last sign-in attempt (optional)')).toHaveValue(/^2019-05-13T23:30(:00)?$/);
  await expect(edit.field('Next community digest (optional)')).toHaveValue('2022-12-21T15:05:32.405');
  await expect(edit.field('Email call-back GUID (optional)')).toHaveValue(stored.EmailCallBackGuid as string);
  await expect(edit.field('Last help page visited')).toHaveValue(String(stored.LastHelpVisited));
  await expect(edit.field('Application id (optional)')).toHaveValue('');
  await expect(edit.field('Support team user email (optional)')).toHaveValue('');

  // The notification switches, each as stored.
  for (const [label, name] of [['New email', 'OnNewEmail'], ['Help-desk message', 'OnHelpDeskMsg'],
    ['Platform invoices', 'OnPlaformInvoices'], ['Identity check update', 'OnIdentityCheckUpdate'],
    ['Receive the community digest', 'ReceiveCommunityDigest']] as const) {
    if (stored[name]) await expect(edit.field(label), label).toBeChecked();
    else await expect(edit.field(label), label).not.toBeChecked();
  }

  // Linked lists: the current set, each with its own Remove button.
  await edit.expectIds('Businesses', ['3', '19']);
  await edit.expectIds('User roles', ['1', '2', '3']);
  await edit.expectIds('Chat rooms', []);

  // Passwords: empty, masked, never autofilled with the admin's own.
  for (const label of ['New password (optional)', 'Confirm new password (optional)']) {
    await expect(edit.field(label)).toHaveValue('');
    await expect(edit.field(label)).toHaveAttribute('type', 'password');
    await expect(edit.field(label)).toHaveAttribute('autocomplete', 'new-password');
  }
  await expect(edit.field('New password (optional)')).toHaveAccessibleDescription(/^At least 8 characters, with an upper-case letter/);

  // Secrets: whether set, never the value, and not editable.
  await expect(edit.fact('Password (stored hash)')).toHaveText('Set (hidden; kept as it is)');
  await expect(edit.fact('Password salt')).toHaveText('Set (hidden; kept as it is)');
  await expect(edit.fact('Access token')).toHaveText('Not set');
  await expect(edit.fact('Two-factor secret')).toHaveText('Not set');
  const html = await page.content();
  expect(html).not.toContain(stored.Password as string);
  expect(html).not.toContain(stored.PasswordSalt as string);
  await expect(edit.form().getByLabel(/Password \(stored hash\)|Password salt|Access token|Two-factor secret/)).toHaveCount(0);

  // Read-only facts.
  await expect(edit.fact('User id')).toHaveText('1001');
  await expect(edit.fact('Unique id')).toHaveText(stored.UniqueId as string);
  await expect(edit.fact('Current avatar file')).toHaveText('avatar-1001-ada.png');
  await expect(edit.fact('Created on')).toHaveText('2019-05-25 19:58 UTC');
  await expect(edit.fact('Updated by')).toHaveText('admin@example.com');
  await expect(edit.form().getByLabel(/User id|Unique id|Created on|Updated on|Updated by/)).toHaveCount(0);

  // Nothing is unsaved yet.
  await expect(edit.unsavedNote()).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the section links move focus to their section without changing the address', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const nav = page.getByRole('navigation', { name: 'Sections of the form' });
  await expect(nav.getByRole('link')).toHaveText(['Profile', 'Sign-in & security', 'Notifications', 'Community', 'Memberships', 'System']);
  await nav.getByRole('link', { name: 'Memberships' }).click();
  await expect(page.getByRole('heading', { name: 'Memberships', level: 2 })).toBeFocused();
  await expect(page).toHaveURL(/\/users\/1001$/);
});

test('a failed load says why and "Try again" loads the user', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await addFault(request, { method: 'GET', path: '/api/sys/users/1001', status: 500 });
  await page.goto('/users/1001');
  await signInPage.signIn({ email: 'admin@example.com', password: 'Admin#2026' });
  const alert = page.getByRole('alert').filter({ hasText: 'The user could not be loaded.' });
  await expect(alert).toContainText('HTTP 500');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await edit.waitForForm();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
});

test('a user that does not exist, and an id that is not one, say "User not found"', async ({ page, signInPage }) => {
  await page.goto('/users/999999');
  await signInPage.signIn({ email: 'admin@example.com', password: 'Admin#2026' });
  await expect(page.getByRole('heading', { name: 'User not found', level: 1 })).toBeVisible();
  await expect(page.getByText('This user no longer exists')).toBeVisible();
  await expect(page).toHaveTitle('User not found — User Admin');

  await page.goto('/users/12abc');
  await expect(page.getByRole('heading', { name: 'User not found', level: 1 })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Find a user' }).click();
  await expect(page).toHaveURL(/\/users$/);
});
