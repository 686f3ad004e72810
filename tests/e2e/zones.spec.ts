// Date-times in the administrator's time zone (issue 29). Chromium runs in the zone each
// block sets (`timezoneId`), so `Date` and `Intl` answer as they would for an admin there:
// the edit page shows and takes wall-clock times in that zone and sends UTC; the spring
// gap is an error and the autumn hour a choice (Madrid and Chicago, 2026); the header's
// switch picks another zone for this device; the users list shows its times in the zone;
// and a tenant whose platform writes Madrid wall-clock times with a `Z`
// (config.json's `serverTimeZone`).
//
// The header names the zone with its offset today (`offsetNow`, from Node's own Intl).
// 2026 transitions: Madrid skips 2026-03-29 02:00–03:00 and repeats 2026-10-25 02:00–03:00
// (first UTC+2, then UTC+1); Chicago skips 2026-03-08 02:00–03:00 and repeats 2026-11-01
// 01:00–02:00 (first UTC-5, then UTC-6).
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, ADMIN, expectNoAxeViolations, type SignInPage } from './fixtures';
import { EditPage, changeBehind, recordPuts, storedUser, type UserJson } from './edit-page';

/** A zone's offset now as the app writes it ("UTC+1", "UTC-5", "UTC"). */
function offsetNow(zone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return (part?.value ?? 'GMT').replace('GMT', 'UTC');
}

const LAST_ACCESS = 'Last access (optional)';

/** The six date-time fields: JSON name and label. */
const DATE_TIMES: [string, string][] = [
  ['LastLoginAttempt', 'Last sign-in attempt (optional)'],
  ['LastAccess', LAST_ACCESS],
  ['NextCommunityDigest', 'Next community digest (optional)'],
  ['LastReceivedCommunityThreadDate', 'Last community thread received (optional)'],
  ['LastReceivedCommunityMessageDate', 'Last community message received (optional)'],
  ['NextHelpDeskMessageReminder', 'Next help-desk reminder (optional)'],
];

/**
 * Ada's date-times as the platform may write them: UTC with a `Z`, no zone and seven
 * fraction digits, an offset, none at all, a `Z` value whose local date is the next day.
 */
const SERVER_TIMES: UserJson = {
  LastLoginAttempt: '2019-05-13T23:30:00Z',
  LastAccess: '2026-07-01T08:00:00Z',
  NextCommunityDigest: '2022-12-21T15:05:32.4051220',
  LastReceivedCommunityThreadDate: '2026-01-15T12:00:00+05:30',
  LastReceivedCommunityMessageDate: null,
  NextHelpDeskMessageReminder: '2026-12-31T23:30:00Z',
};

/**
 * What the controls show for SERVER_TIMES in Madrid (server values in UTC). The app sets
 * `YYYY-MM-DDTHH:MM:SS`; Chromium's `value` reads it back normalized (HTML's "valid
 * normalized local date and time string"), without `:00` seconds.
 */
const IN_MADRID: Record<string, string> = {
  LastLoginAttempt: '2019-05-14T01:30', // summer: UTC+2, the next day
  LastAccess: '2026-07-01T10:00',
  NextCommunityDigest: '2022-12-21T16:05:32.405', // winter: UTC+1, cut to milliseconds
  LastReceivedCommunityThreadDate: '2026-01-15T07:30', // 06:30Z
  LastReceivedCommunityMessageDate: '',
  NextHelpDeskMessageReminder: '2027-01-01T00:30',
};

/** … and in Chicago. */
const IN_CHICAGO: Record<string, string> = {
  LastLoginAttempt: '2019-05-13T18:30', // summer: UTC-5
  LastAccess: '2026-07-01T03:00',
  NextCommunityDigest: '2022-12-21T09:05:32.405', // winter: UTC-6
  LastReceivedCommunityThreadDate: '2026-01-15T00:30',
  LastReceivedCommunityMessageDate: '',
  NextHelpDeskMessageReminder: '2026-12-31T17:30',
};

/** Sets Ada's date-times as the platform would (`extra` on top), then opens her edit page. */
async function openAda(page: Page, request: APIRequestContext, signInPage: SignInPage, extra: UserJson = {}) {
  await changeBehind(request, { set: { ...SERVER_TIMES, ...extra }, as: 'platform' });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  return edit;
}

async function expectShown(edit: EditPage, shown: Record<string, string>, hint: string) {
  for (const [name, label] of DATE_TIMES) {
    await expect(edit.field(label), label).toHaveAttribute('type', 'datetime-local');
    await expect(edit.field(label), label).toHaveAttribute('step', '1');
    await expect(edit.field(label), label).toHaveValue(shown[name]);
    await expect(edit.field(label), label).toHaveAccessibleDescription(hint);
  }
}

/** The header's time-zone button. */
function zoneButton(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: /^Time zone: / });
}
/** The panel the button opens. */
function zonePanel(page: Page) {
  return page.getByRole('group', { name: 'Time zone', exact: true });
}
function zoneSelect(page: Page) {
  return zonePanel(page).getByLabel('Show and type dates and times in', { exact: true });
}
/** The question of a wall-clock time that happens twice (`time`: "02:30"). */
function twice(page: Page, time: string) {
  return page.getByRole('group', { name: `Which ${time}? It happens twice as the clocks go back.`, exact: true });
}

// ---------------------------------------------------------------------------------------
// Madrid

test.describe('in Madrid', () => {
  test.use({ timezoneId: 'Europe/Madrid' });

  test('date-times are shown in Madrid time and say so; an edit goes out as UTC, the others byte-identical', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    await expectShown(edit, IN_MADRID, 'In Madrid time. Leave empty for none.');
    await expect(zoneButton(page)).toHaveAccessibleName(`Time zone: Madrid time, ${offsetNow('Europe/Madrid')}`);
    await expect(edit.unsavedNote()).toHaveCount(0);

    // Summer: 12:34:56 in Madrid is 10:34:56 UTC.
    await edit.fillAndLeave(LAST_ACCESS, '2026-07-01T12:34:56');
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(edit.unsavedNote()).toBeVisible();
    await edit.save();
    await edit.expectSaved();
    expect(puts).toHaveLength(1);
    expect(puts[0].LastAccess).toBe('2026-07-01T10:34:56Z');
    for (const [name] of DATE_TIMES.filter(([n]) => n !== 'LastAccess')) {
      expect(puts[0][name], name).toBe(SERVER_TIMES[name]);
    }
    const stored = await storedUser(request);
    expect(stored.LastAccess).toBe('2026-07-01T10:34:56Z');
    expect(stored.NextCommunityDigest).toBe('2022-12-21T15:05:32.4051220');
    // The saved value comes back in Madrid time.
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T12:34:56');
  });

  test('a time the clocks skip (2026-03-29 02:30) is an error on the field and is not sent', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-29T02:30:00');
    await edit.expectFieldError(LAST_ACCESS,
      'In Madrid time. Leave empty for none. Error: Last access does not exist in Madrid time: the clocks go forward over it');
    // Not the repeated hour: no question.
    await expect(page.getByRole('radio')).toHaveCount(0);
    await edit.save();
    await expect(edit.errorSummary()).toBeFocused();
    await expect(edit.summaryLinks()).toHaveText(['Last access does not exist in Madrid time: the clocks go forward over it']);
    expect(puts).toHaveLength(0);

    // Just after the gap: 03:30 summer time is 01:30 UTC.
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-29T03:30:00');
    await edit.expectNoFieldError(LAST_ACCESS);
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-03-29T01:30:00Z']);
  });

  test('a time that happens twice (2026-10-25 02:30) asks which; each answer sends its own instant', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    await edit.fillAndLeave(LAST_ACCESS, '2026-10-25T02:30:00');
    await edit.expectFieldError(LAST_ACCESS,
      'In Madrid time. Leave empty for none. Error: Last access happens twice in Madrid time, as the clocks go back: choose which');
    const which = twice(page, '02:30');
    await expect(which).toBeVisible();
    await expect(which.getByRole('radio')).toHaveCount(2);
    const first = which.getByRole('radio', { name: '02:30, the first time (UTC+2)', exact: true });
    const second = which.getByRole('radio', { name: '02:30, the second time (UTC+1)', exact: true });
    await expect(first).not.toBeChecked();
    await expect(second).not.toBeChecked();
    await expectNoAxeViolations(page);
    // Unanswered, it is not sent.
    await edit.save();
    await expect(edit.summaryLinks()).toHaveText(['Last access happens twice in Madrid time, as the clocks go back: choose which']);
    expect(puts).toHaveLength(0);

    // The first 02:30 (summer time, UTC+2) is 00:30 UTC.
    await first.check();
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(first).toBeChecked();
    await expect(second).not.toBeChecked();
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-10-25T02:30');
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-10-25T00:30:00Z']);
    // Saved, the server's value is in the repeated hour: the question stays, answered.
    await expect(first).toBeChecked();

    // The second 02:30 (winter time, UTC+1) is 01:30 UTC.
    await second.check();
    await expect(second).toBeChecked();
    await expect(first).not.toBeChecked();
    await expect(edit.unsavedNote()).toBeVisible();
    await edit.expectNoFieldError(LAST_ACCESS);
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']);
    expect((await storedUser(request)).LastAccess).toBe('2026-10-25T01:30:00Z');
  });

  test('a server value in the repeated hour shows with its reading chosen, and is no edit', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage, {
      LastAccess: '2026-10-25T01:30:00Z', // the second 02:30 (UTC+1)
      NextHelpDeskMessageReminder: '2026-10-25T00:45:00Z', // the first 02:45 (UTC+2)
    });
    const puts = recordPuts(page);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-10-25T02:30');
    await expect(edit.field('Next help-desk reminder (optional)')).toHaveValue('2026-10-25T02:45');
    const at230 = twice(page, '02:30');
    const at245 = twice(page, '02:45');
    await expect(at230.getByRole('radio', { name: '02:30, the second time (UTC+1)', exact: true })).toBeChecked();
    await expect(at230.getByRole('radio', { name: '02:30, the first time (UTC+2)', exact: true })).not.toBeChecked();
    await expect(at245.getByRole('radio', { name: '02:45, the first time (UTC+2)', exact: true })).toBeChecked();
    await expect(at245.getByRole('radio', { name: '02:45, the second time (UTC+1)', exact: true })).not.toBeChecked();
    await edit.expectNoFieldError(LAST_ACCESS);
    await edit.expectNoFieldError('Next help-desk reminder (optional)');
    await expect(edit.unsavedNote()).toHaveCount(0);
    await expect(edit.reviewButton()).toHaveText('Review changes (0)');
    await expectNoAxeViolations(page);

    // Saving something else sends both back as they came.
    await edit.field('Devices (optional)').fill('Kiosk');
    await edit.save();
    await edit.expectSaved();
    expect(puts).toHaveLength(1);
    expect(puts[0].LastAccess).toBe('2026-10-25T01:30:00Z');
    expect(puts[0].NextHelpDeskMessageReminder).toBe('2026-10-25T00:45:00Z');
  });

  test('the header names the zone; choosing Chicago redraws the times at once and a typed edit keeps its instant', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    const button = zoneButton(page);
    await expect(button).toHaveAccessibleName(`Time zone: Madrid time, ${offsetNow('Europe/Madrid')}`);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(zonePanel(page)).toHaveCount(0);

    // Typed, not saved: 12:00 in Madrid in July is 10:00 UTC.
    await edit.fillAndLeave(LAST_ACCESS, '2026-07-01T12:00:00');

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(zonePanel(page)).toBeVisible();
    await expect(zonePanel(page).getByRole('heading', { name: 'Time zone' })).toBeVisible();
    const select = zoneSelect(page);
    await expect(select).toBeFocused();
    await expect(select).toHaveValue('');
    // The browser's zone first, then UTC and every zone Intl knows.
    const known = await page.evaluate(() => Intl.supportedValuesOf('timeZone'));
    expect(known).toContain('America/Chicago');
    const options = select.getByRole('option');
    await expect(options).toHaveText(["This browser's zone (Madrid time)", 'UTC', ...known.filter((z) => z !== 'UTC')]);
    await expect(options.nth(0)).toHaveAttribute('value', '');
    await expectNoAxeViolations(page);

    await select.selectOption('America/Chicago');
    await expect(button).toHaveAccessibleName(`Time zone: Chicago time, ${offsetNow('America/Chicago')}`);
    // The typed edit: still 10:00 UTC, now 05:00 in Chicago (UTC-5 in July).
    // (Soft, so the rest — the hints, the other fields, the PUT — is still checked.)
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T05:00');
    await expect(edit.field(LAST_ACCESS)).toHaveAccessibleDescription('In Chicago time. Leave empty for none.');
    for (const [name, label] of DATE_TIMES.filter(([n]) => n !== 'LastAccess')) {
      await expect(edit.field(label), label).toHaveValue(IN_CHICAGO[name]);
      await expect(edit.field(label), label).toHaveAccessibleDescription('In Chicago time. Leave empty for none.');
    }
    // Still an edit, and still the one typed.
    await expect(edit.unsavedNote()).toBeVisible();
    await edit.expectNoFieldError(LAST_ACCESS);
    expect(await page.evaluate(() => localStorage.getItem('user-admin.time-zone'))).toBe('America/Chicago');
    // The panel stays open until Done.
    await expect(zonePanel(page)).toBeVisible();

    await zonePanel(page).getByRole('button', { name: 'Done' }).click();
    await expect(zonePanel(page)).toHaveCount(0);
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    await edit.save();
    await edit.expectSaved();
    expect(puts).toHaveLength(1);
    expect(puts[0].LastAccess).toBe('2026-07-01T10:00:00Z');
    for (const [name] of DATE_TIMES.filter(([n]) => n !== 'LastAccess')) {
      expect(puts[0][name], name).toBe(SERVER_TIMES[name]);
    }
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T05:00');
  });

  test('the zone chosen is remembered after a reload; UTC and the browser\'s zone again; Escape closes', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const button = zoneButton(page);
    await button.click();
    await zoneSelect(page).selectOption('America/Chicago');
    await expect(button).toHaveAccessibleName(`Time zone: Chicago time, ${offsetNow('America/Chicago')}`);
    await zoneSelect(page).press('Escape');
    await expect(zonePanel(page)).toHaveCount(0);
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    await page.reload();
    await edit.waitForForm();
    await expect(button).toHaveAccessibleName(`Time zone: Chicago time, ${offsetNow('America/Chicago')}`);
    await expectShown(edit, IN_CHICAGO, 'In Chicago time. Leave empty for none.');
    await button.click();
    await expect(zoneSelect(page)).toHaveValue('America/Chicago');
    // Still named after the browser's own zone.
    await expect(zoneSelect(page).getByRole('option').first()).toHaveText("This browser's zone (Madrid time)");

    await zoneSelect(page).selectOption('UTC');
    await expect(button).toHaveAccessibleName('Time zone: UTC');
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T08:00');
    await expect(edit.field(LAST_ACCESS)).toHaveAccessibleDescription('In UTC. Leave empty for none.');

    await zoneSelect(page).selectOption('');
    await expect(button).toHaveAccessibleName(`Time zone: Madrid time, ${offsetNow('Europe/Madrid')}`);
    await expectShown(edit, IN_MADRID, 'In Madrid time. Leave empty for none.');
    expect(await page.evaluate(() => localStorage.getItem('user-admin.time-zone'))).toBeNull();
    await zoneSelect(page).press('Escape');
    await expect(zonePanel(page)).toHaveCount(0);
    await expect(button).toBeFocused();
    await expect(edit.unsavedNote()).toHaveCount(0);

    await page.reload();
    await edit.waitForForm();
    await expect(button).toHaveAccessibleName(`Time zone: Madrid time, ${offsetNow('Europe/Madrid')}`);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T10:00');
  });

  test('the users list shows last access in Madrid time, and in the zone chosen', async ({ page, signInPage }) => {
    await page.goto('/users');
    await expect(signInPage.email()).toBeVisible();
    await signInPage.signIn(ADMIN);
    await expect(page).toHaveURL(/\/users$/);
    const table = page.getByRole('table', { name: 'Users' });
    const ada = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Ada Administrator', exact: true }) });
    // Seeded: 2024-02-29T08:15:30.123Z.
    await expect(ada.getByRole('cell').nth(5)).toHaveText('2024-02-29 09:15 UTC+1');

    const button = zoneButton(page);
    await expect(button).toHaveAccessibleName(`Time zone: Madrid time, ${offsetNow('Europe/Madrid')}`);
    await button.click();
    await zoneSelect(page).selectOption('America/Chicago');
    // At once, without a new search.
    await expect(ada.getByRole('cell').nth(5)).toHaveText('2024-02-29 02:15 UTC-6');
    await zoneSelect(page).selectOption('UTC');
    await expect(button).toHaveAccessibleName('Time zone: UTC');
    await expect(ada.getByRole('cell').nth(5)).toHaveText('2024-02-29 08:15 UTC');
    // Kept on this device: the list comes back in UTC.
    await page.reload();
    await expect(button).toHaveAccessibleName('Time zone: UTC');
    await expect(ada.getByRole('cell').nth(5)).toHaveText('2024-02-29 08:15 UTC');
  });
});

// ---------------------------------------------------------------------------------------
// Chicago

test.describe('in Chicago', () => {
  test.use({ timezoneId: 'America/Chicago' });

  test('date-times are shown in Chicago time; the header names it with its offset now', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    await expectShown(edit, IN_CHICAGO, 'In Chicago time. Leave empty for none.');
    await expect(zoneButton(page)).toHaveAccessibleName(`Time zone: Chicago time, ${offsetNow('America/Chicago')}`);
    await zoneButton(page).click();
    await expect(zoneSelect(page).getByRole('option').first()).toHaveText("This browser's zone (Chicago time)");
  });

  test('a time the clocks skip (2026-03-08 02:30) is an error on the field', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-08T02:30:00');
    await edit.expectFieldError(LAST_ACCESS,
      'In Chicago time. Leave empty for none. Error: Last access does not exist in Chicago time: the clocks go forward over it');
    await expect(page.getByRole('radio')).toHaveCount(0);
    await edit.save();
    await expect(edit.summaryLinks()).toHaveText(['Last access does not exist in Chicago time: the clocks go forward over it']);
    expect(puts).toHaveLength(0);

    // Just before the gap: 01:59:59 CST (UTC-6).
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-08T01:59:59');
    await edit.expectNoFieldError(LAST_ACCESS);
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-03-08T07:59:59Z']);
  });

  test('a time that happens twice (2026-11-01 01:30) asks which; each answer sends its own instant', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage);
    const puts = recordPuts(page);
    await edit.fillAndLeave(LAST_ACCESS, '2026-11-01T01:30:00');
    await edit.expectFieldError(LAST_ACCESS,
      'In Chicago time. Leave empty for none. Error: Last access happens twice in Chicago time, as the clocks go back: choose which');
    const which = twice(page, '01:30');
    const first = which.getByRole('radio', { name: '01:30, the first time (UTC-5)', exact: true });
    const second = which.getByRole('radio', { name: '01:30, the second time (UTC-6)', exact: true });
    await expect(which.getByRole('radio')).toHaveCount(2);
    await expect(first).not.toBeChecked();
    await expect(second).not.toBeChecked();
    await edit.save();
    expect(puts).toHaveLength(0);
    await expectNoAxeViolations(page);

    // The second 01:30 (CST, UTC-6) is 07:30 UTC.
    await second.check();
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-11-01T01:30');
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-11-01T07:30:00Z']);
    await expect(second).toBeChecked();

    // The first 01:30 (CDT, UTC-5) is 06:30 UTC.
    await first.check();
    await expect(first).toBeChecked();
    await expect(second).not.toBeChecked();
    await edit.expectNoFieldError(LAST_ACCESS);
    await edit.save();
    await edit.expectSaved();
    expect(puts.map((p) => p.LastAccess)).toEqual(['2026-11-01T07:30:00Z', '2026-11-01T06:30:00Z']);
    expect((await storedUser(request)).LastAccess).toBe('2026-11-01T06:30:00Z');
  });

  test('a server value in the repeated hour shows with its reading chosen, and is no edit', async ({ page, request, signInPage }) => {
    const edit = await openAda(page, request, signInPage, { LastAccess: '2026-11-01T06:30:00Z' });
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-11-01T01:30');
    const which = twice(page, '01:30');
    await expect(which.getByRole('radio', { name: '01:30, the first time (UTC-5)', exact: true })).toBeChecked();
    await expect(which.getByRole('radio', { name: '01:30, the second time (UTC-6)', exact: true })).not.toBeChecked();
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(edit.unsavedNote()).toHaveCount(0);
  });

  // A tenant whose platform writes Madrid wall-clock times with a `Z`.
  test.describe('with config.json\'s serverTimeZone Europe/Madrid', () => {
    test.beforeEach(async ({ page }) => {
      await page.route('**/config.json', (route) => route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ apiBase: '/api', serverTimeZone: 'Europe/Madrid' }),
      }));
    });

    test('server times are read as Madrid wall-clock times and an edit goes out as one', async ({ page, request, signInPage }) => {
      // 10:00 "Z" is 10:00 in Madrid (UTC+2 in July): 08:00 UTC, 03:00 in Chicago.
      const edit = await openAda(page, request, signInPage, { LastAccess: '2026-07-01T10:00:00Z' });
      const puts = recordPuts(page);
      await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T03:00');
      await expect(edit.field(LAST_ACCESS)).toHaveAccessibleDescription('In Chicago time. Leave empty for none.');
      // 2022-12-21 15:05:32 in Madrid (UTC+1) is 08:05:32 in Chicago (UTC-6).
      await expect(edit.field('Next community digest (optional)')).toHaveValue('2022-12-21T08:05:32.405');
      // An offset names its instant whatever the zone: 06:30 UTC.
      await expect(edit.field('Last community thread received (optional)')).toHaveValue('2026-01-15T00:30');

      // 04:00 in Chicago is 09:00 UTC, 11:00 in Madrid.
      await edit.fillAndLeave(LAST_ACCESS, '2026-07-01T04:00:00');
      await edit.save();
      await edit.expectSaved();
      expect(puts).toHaveLength(1);
      expect(puts[0].LastAccess).toBe('2026-07-01T11:00:00Z');
      for (const [name] of DATE_TIMES.filter(([n]) => n !== 'LastAccess')) {
        expect(puts[0][name], name).toBe(SERVER_TIMES[name]);
      }
      expect((await storedUser(request)).LastAccess).toBe('2026-07-01T11:00:00Z');
      await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T04:00');

      // The list reads it the same way.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      const ada = page.getByRole('table', { name: 'Users' }).getByRole('row')
        .filter({ has: page.getByRole('link', { name: 'Ada Administrator', exact: true }) });
      await expect(ada.getByRole('cell').nth(5)).toHaveText('2026-07-01 04:00 UTC-5');
    });
  });
});
