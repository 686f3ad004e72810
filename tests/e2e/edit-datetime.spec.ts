// The six date-time fields (issue 19): the browser's own date-time control with seconds,
// showing the instant in UTC; a value not edited goes back exactly as the server wrote it
// (a zone offset, seven fraction digits, no zone at all), and so does one edited back.
import { test, expect, ADMIN } from './fixtures';
import { EditPage, recordPuts, storedUser, type UserJson } from './edit-page';

const DATE_TIMES: [string, string][] = [
  ['LastLoginAttempt', 'Last sign-in attempt (optional)'],
  ['LastAccess', 'Last access (optional)'],
  ['NextCommunityDigest', 'Next community digest (optional)'],
  ['LastReceivedCommunityThreadDate', 'Last community thread received (optional)'],
  ['LastReceivedCommunityMessageDate', 'Last community message received (optional)'],
  ['NextHelpDeskMessageReminder', 'Next help-desk reminder (optional)'],
];

/** The instant a server value names, in ms (no zone: UTC), to the millisecond. */
function instant(text: string): number {
  const [, body, frac = '', zone = 'Z'] = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(text) ?? [];
  expect(body, `a date-time: ${text}`).toBeTruthy();
  return Date.parse(`${body}.${(frac + '000').slice(0, 3)}${zone}`);
}

async function expectControls(edit: EditPage, stored: UserJson) {
  for (const [name, label] of DATE_TIMES) {
    const control = edit.field(label);
    await expect(control, label).toHaveAttribute('type', 'datetime-local');
    await expect(control, label).toHaveAttribute('step', '1');
    const value = stored[name];
    if (typeof value === 'string') {
      // The control's text, read as UTC, is the server's instant (to the millisecond).
      const shown = await control.inputValue();
      expect(Date.parse(`${shown}Z`), `${label}: ${shown} for ${value}`).toBe(instant(value));
    } else {
      await expect(control, label).toHaveValue('');
    }
  }
}

for (const [who, id, name] of [['Ada', 1001, 'Ada Administrator'], ['Theo', 1002, 'Theo Twofactor']] as const) {
  test(`${who}: six date-time controls with seconds in UTC; unedited, each goes back byte-identical`, async ({ page, request, signInPage }) => {
    const before = await storedUser(request, id);
    const edit = new EditPage(page);
    const puts = recordPuts(page);
    await edit.open(signInPage, id, ADMIN, name);
    await expectControls(edit, before);
    // Looked at and left, not changed.
    for (const [, label] of DATE_TIMES) {
      await edit.field(label).focus();
      await edit.field(label).blur();
    }
    await edit.field('Devices (optional)').fill('Kiosk');
    await edit.save();
    await edit.expectSaved();
    expect(puts).toHaveLength(1);
    const after = await storedUser(request, id);
    for (const [n] of DATE_TIMES) {
      expect(puts[0][n], n).toEqual(before[n]);
      expect(after[n], n).toEqual(before[n]);
    }
    expect(after.Devices).toBe('Kiosk');
  });
}

test('a date-time changed and typed back as it was goes back as the server wrote it', async ({ page, request, signInPage }) => {
  const before = await storedUser(request, 1002);
  expect(before.LastAccess).toBe('2025-03-30T01:30:00+02:00');
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage, 1002, ADMIN, 'Theo Twofactor');
  const lastAccess = edit.field('Last access (optional)');
  // +02:00 shown in UTC.
  expect(Date.parse(`${await lastAccess.inputValue()}Z`)).toBe(Date.parse('2025-03-29T23:30:00Z'));
  await lastAccess.fill('2025-01-02T03:04:05');
  await expect(edit.unsavedNote()).toBeVisible();
  await lastAccess.fill('2025-03-29T23:30:00');
  await expect(edit.unsavedNote()).toHaveCount(0);
  await edit.field('Devices (optional)').fill('Kiosk');
  await edit.save();
  await edit.expectSaved();
  expect(puts[0].LastAccess).toBe('2025-03-30T01:30:00+02:00');
  expect((await storedUser(request, 1002)).LastAccess).toBe('2025-03-30T01:30:00+02:00');
});
