// Editing each kind of field and saving: what the development API stores afterwards is
// what was typed, in the contract's types; everything not edited — unknown properties,
// secrets, date-times in their original spelling — goes back exactly as it came.
import { test, expect, ADMIN } from './fixtures';
import { EditPage, apiToken, recordPuts, storedUser, isRecent } from './edit-page';

test('every kind of field is edited and saved in its contract type', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const before = await storedUser(request);
  const puts = recordPuts(page);
  await edit.open(signInPage);

  await edit.field('Full name').fill('Ada Lovelace');                         // text
  await edit.field('Devices (optional)').fill('Pixel 9');                     // text, optional
  await edit.field('Support team user email (optional)').fill('help@example.com'); // email
  await edit.field('Language').selectOption({ label: 'English (UK)' });       // enum select
  await edit.field('Preferred language id (optional)').fill('');              // optional id → null
  await edit.field('Application id (optional)').fill('7');                    // optional id
  await edit.field('Invalid sign-in attempts').fill('3');                     // integer
  await edit.field('Last help page visited').fill('41');                      // integer
  await edit.field('Active').uncheck();                                       // flag
  await edit.field('API access').check();
  await edit.field('Help-desk message').check();                              // notification
  await edit.field('New email').uncheck();
  await edit.field('Receive every community message').check();                // community
  await edit.field('Last access (optional)').fill('2025-01-02T03:04:05');     // date-time
  await edit.field('Next community digest (optional)').fill('');              // date-time → null
  await edit.field('Email call-back GUID (optional)').fill('3F2504E0-4F89-11D3-9A0C-0305E82C3301'); // GUID
  await expect(edit.unsavedNote()).toBeVisible();

  const started = Date.now();
  await edit.save();
  await edit.expectSaved();

  const after = await storedUser(request);
  expect(after).toMatchObject({
    FullName: 'Ada Lovelace',
    Devices: 'Pixel 9',
    SupportTeamUserEmail: 'help@example.com',
    Language: 3,
    PreferredLanguageId: null,
    ApplicationId: 7,
    InvalidLoginAttempts: 3,
    LastHelpVisited: 41,
    Active: false,
    APIAccess: true,
    OnHelpDeskMsg: true,
    OnNewEmail: false,
    ReceiveEveryMessage: true,
    LastAccess: '2025-01-02T03:04:05Z',
    NextCommunityDigest: null,
    EmailCallBackGuid: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
    UpdatedBy: ADMIN.email,
  });
  expect(isRecent(after.UpdatedOn, started)).toBe(true);
  // Not edited: byte-identical, secrets included.
  for (const name of ['Email', 'LastLoginAttempt', 'NextHelpDeskMessageReminder', 'LastReceivedCommunityThreadDate',
    'Password', 'PasswordSalt', 'AccessToken', 'TwoFactorSecret', 'IsAdmin', 'OnNewWallPost', 'Businesses', 'UserRoles', 'ChatRooms']) {
    expect(after[name], name).toEqual(before[name]);
  }

  // One PUT, Id in the body, nothing client-only in it.
  expect(puts).toHaveLength(1);
  expect(puts[0].Id).toBe(1001);
  expect(puts[0]).not.toHaveProperty('ConfirmNewPassword');
  expect(puts[0].NewPassword ?? null).toBeNull();

  // The reloaded record is the new baseline.
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.field('Language')).toHaveValue('3');
  await expect(edit.field('Last access (optional)')).toHaveValue('2025-01-02T03:04:05');
  await expect(edit.field('Next community digest (optional)')).toHaveValue('');
  await expect(edit.field('Active')).not.toBeChecked();
});

test('properties the app does not know, and unedited date-times, survive a save unchanged', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const before = await storedUser(request);
  expect(before.CustomFields).toEqual({ Badge: 'Gold' });
  expect(before.FutureFlag).toBe(true);
  const puts = recordPuts(page);
  await edit.open(signInPage);

  await edit.field('Full name').fill('Ada King');
  await edit.save();
  await edit.expectSaved();

  // The PUT carried the whole record, unknown properties and odd spellings as loaded.
  expect(puts).toHaveLength(1);
  expect(puts[0].CustomFields).toEqual({ Badge: 'Gold' });
  expect(puts[0].FutureFlag).toBe(true);
  expect(puts[0].NextCommunityDigest).toBe('2022-12-21T15:05:32.4051220');
  expect(puts[0].LastAccess).toBe('2024-02-29T08:15:30.123Z');

  // What the server stored is the record as it was, except the edit and its bookkeeping.
  const after = await storedUser(request);
  const strip = (u: Record<string, unknown>) => {
    const { FullName, UpdatedOn, UpdatedBy, ...rest } = u;
    return rest;
  };
  expect(after.FullName).toBe('Ada King');
  expect(strip(after)).toEqual(strip(before));
  expect(after.CustomFields).toEqual({ Badge: 'Gold' });
  expect(after.FutureFlag).toBe(true);
});

test('a language the app does not know stays selected and is sent back as it came', async ({ page, request, signInPage }) => {
  // The seed has one user with Language 7, which the contract does not list.
  const token = await apiToken(request);
  const r = await request.get('/api/sys/users?User_Language=7&size=5', { headers: { Authorization: `Bearer ${token}` } });
  const found = (await r.json()).Records as { Id: number; FullName: string; Language: number }[];
  const user = found.find((u) => u.Language === 7);
  expect(user, 'a seeded user with Language 7').toBeTruthy();

  const edit = new EditPage(page);
  await edit.open(signInPage, user!.Id, ADMIN, user!.FullName);
  await expect(edit.field('Language').getByRole('option', { selected: true })).toHaveText('Unknown language (7)');
  await edit.field('Devices (optional)').fill('Kiosk');
  await edit.save();
  await edit.expectSaved();
  const after = await storedUser(request, user!.Id);
  expect(after.Language).toBe(7);
  expect(after.Devices).toBe('Kiosk');
});

test('numbers the app does not know go back exactly as written, in the server\'s key order', async ({ page, signInPage }) => {
  // A server may write numbers JavaScript and serde_json would respell: a trailing zero,
  // an integer beyond 64 bits. The app keeps the text, so the PUT carries them unchanged.
  await page.route((url) => url.pathname === '/api/sys/users/1001', async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    const body = route.request().method() === 'GET' && text.startsWith('{')
      ? `{"Ratio":1.50,"Big":123456789012345678901234,"Tiny":1E-7,${text.slice(1)}`
      : text;
    await route.fulfill({ response, body });
  });
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/sys/users') sent.push(r.postData() ?? '');
  });
  const edit = new EditPage(page);
  await edit.open(signInPage);

  await edit.field('Full name').fill('Ada Byron');
  await edit.save();
  await edit.expectSaved();

  expect(sent).toHaveLength(1);
  expect(sent[0].startsWith('{"Ratio":1.50,"Big":123456789012345678901234,"Tiny":1E-7,"')).toBe(true);
  expect(sent[0]).toContain('"FullName":"Ada Byron"');
});

test('an unknown language is shown as such, and chosen away and back it still goes back as it came', async ({ page, request, signInPage }) => {
  // "Aaron Fernández" is the seeded user with Language 7 (dev-api/README.md).
  const token = await apiToken(request);
  const r = await request.get('/api/sys/users?User_FullName=Aaron%20Fern%C3%A1ndez', { headers: { Authorization: `Bearer ${token}` } });
  const [aaron] = (await r.json()).Records as { Id: number; FullName: string; Language: number }[];
  expect([aaron.FullName, aaron.Language]).toEqual(['Aaron Fernández', 7]);
  const puts = recordPuts(page);
  const edit = new EditPage(page);
  await edit.open(signInPage, aaron.Id, ADMIN, aaron.FullName);

  const language = edit.field('Language');
  await expect(language.getByRole('option', { selected: true })).toHaveText('Unknown language (7)');
  await expect(language.getByRole('option')).toHaveText(['English (US)', 'English (UK)', 'Spanish', 'Unknown language (7)']);
  await language.selectOption({ label: 'Spanish' });
  await expect(edit.unsavedNote()).toBeVisible();
  await language.selectOption({ label: 'Unknown language (7)' });
  await expect(edit.unsavedNote()).toHaveCount(0);
  await edit.field('Devices (optional)').fill('Kiosk');
  await edit.save();
  await edit.expectSaved();
  expect(puts).toHaveLength(1);
  expect(puts[0].Language).toBe(7);
  expect((await storedUser(request, aaron.Id)).Language).toBe(7);
  await expect(language.getByRole('option', { selected: true })).toHaveText('Unknown language (7)');
});
