// Date-times in the admin's time zone (issue 29): Chromium really runs in the zone each
// block sets (`timezoneId`), so `Date` and `Intl` answer as for an admin there. Shown and
// typed in that zone, named on the field and in the header; sent as the contract's rule
// says; the 2026 daylight-saving changes of Madrid and Chicago; a zone chosen on this
// device; a tenant whose platform writes Madrid wall-clock times with a `Z`.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, ADMIN, expectNoAxeViolations, type SignInPage } from './fixtures';
import { EditPage, changeBehind, recordPuts, storedUser } from './edit-page';

const LAST_ACCESS = 'Last access (optional)';

/** Sets Ada's last access as the platform would, then opens her edit page. */
async function openWith(page: Page, request: APIRequestContext, signInPage: SignInPage, lastAccess: string) {
  await changeBehind(request, { set: { LastAccess: lastAccess }, as: 'platform' });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  return edit;
}

const zoneButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Time zone: / });

test.describe('in Madrid', () => {
  test.use({ timezoneId: 'Europe/Madrid' });

  test('shown and typed in Madrid time, named; an edit goes out in UTC, the others byte-identical', async ({ page, request, signInPage }) => {
    const edit = await openWith(page, request, signInPage, '2026-07-01T08:00:00.000Z');
    const before = await storedUser(request);
    const puts = recordPuts(page);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T10:00');
    await expect(edit.field(LAST_ACCESS)).toHaveAccessibleDescription('In Madrid time. Leave empty for none.');
    // December: Madrid is on UTC+1.
    await expect(zoneButton(page)).toHaveAccessibleName('Time zone: Madrid time, UTC+1');

    await edit.field(LAST_ACCESS).fill('2026-12-01T10:00:00');
    await edit.save();
    await edit.expectSaved();
    expect(puts).toHaveLength(1);
    expect(puts[0].LastAccess).toBe('2026-12-01T09:00:00Z');
    for (const name of ['LastLoginAttempt', 'NextCommunityDigest', 'NextHelpDeskMessageReminder']) {
      expect(puts[0][name], name).toEqual(before[name]);
    }
    expect((await storedUser(request)).LastAccess).toBe('2026-12-01T09:00:00Z');
  });

  test('the spring gap is an error on the field; the autumn hour asks which, and each answer sends its instant', async ({ page, request, signInPage }) => {
    const edit = await openWith(page, request, signInPage, '2026-01-01T00:00:00Z');
    const puts = recordPuts(page);
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-29T02:30:00');
    await edit.expectFieldError(LAST_ACCESS, /Error: Last access does not exist in Madrid time: the clocks go forward over it/);
    await edit.save();
    await expect(edit.errorSummary()).toBeVisible();
    expect(puts).toHaveLength(0);

    await edit.fillAndLeave(LAST_ACCESS, '2026-10-25T02:30:00');
    await edit.expectFieldError(LAST_ACCESS, /Error: Last access happens twice in Madrid time, as the clocks go back: choose which/);
    const which = page.getByRole('group', { name: 'Which 02:30? It happens twice as the clocks go back.' });
    await expect(which.getByRole('radio')).toHaveCount(2);
    await expectNoAxeViolations(page);
    await which.getByRole('radio', { name: '02:30, the second time (UTC+1)' }).check();
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-10-25T02:30');
    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-10-25T01:30:00Z');

    // The saved value falls in the repeated hour: shown with its answer, and no edit.
    await expect(which.getByRole('radio', { name: '02:30, the second time (UTC+1)' })).toBeChecked();
    await which.getByRole('radio', { name: '02:30, the first time (UTC+2)' }).check();
    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-10-25T00:30:00Z');
  });

  test('a server time in the repeated hour shows its answer and is not an edit', async ({ page, request, signInPage }) => {
    const edit = await openWith(page, request, signInPage, '2026-10-25T01:30:00Z');
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-10-25T02:30');
    const which = page.getByRole('group', { name: 'Which 02:30? It happens twice as the clocks go back.' });
    await expect(which.getByRole('radio', { name: '02:30, the second time (UTC+1)' })).toBeChecked();
    await expect(which.getByRole('radio', { name: '02:30, the first time (UTC+2)' })).not.toBeChecked();
    await edit.expectNoFieldError(LAST_ACCESS);
    await expect(edit.unsavedNote()).toHaveCount(0);
  });

  test('the header switch: another zone at once, an unsaved edit keeping its instant, remembered on this device', async ({ page, request, signInPage }) => {
    const edit = await openWith(page, request, signInPage, '2026-07-01T08:00:00Z');
    const puts = recordPuts(page);
    await edit.field(LAST_ACCESS).fill('2026-07-02T10:00:00');
    const button = zoneButton(page);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const choice = page.getByLabel('Show and type dates and times in');
    await expect(choice).toBeFocused();
    await expect(choice.getByRole('option', { name: "This browser's zone (Madrid time)" })).toHaveCount(1);
    await expectNoAxeViolations(page);
    await choice.selectOption('America/Chicago');
    await expect(button).toHaveAccessibleName('Time zone: Chicago time, UTC-6');
    // 10:00 in Madrid's summer (UTC+2) is 03:00 in Chicago's (UTC-5).
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-02T03:00');
    await expect(edit.field(LAST_ACCESS)).toHaveAccessibleDescription('In Chicago time. Leave empty for none.');
    await page.keyboard.press('Escape');
    await expect(choice).toHaveCount(0);
    await expect(button).toBeFocused();

    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-07-02T08:00:00Z');

    await page.reload();
    await edit.waitForForm();
    await expect(zoneButton(page)).toHaveAccessibleName('Time zone: Chicago time, UTC-6');
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-02T03:00');

    await zoneButton(page).click();
    await page.getByLabel('Show and type dates and times in').selectOption('');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(zoneButton(page)).toBeFocused();
    await expect(zoneButton(page)).toHaveAccessibleName('Time zone: Madrid time, UTC+1');
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-02T10:00');
    expect(await page.evaluate(() => localStorage.getItem('user-admin.time-zone'))).toBeNull();
  });

  test('the users list shows last access in Madrid time with its offset', async ({ page, signInPage }) => {
    await page.goto('/users');
    await signInPage.signIn(ADMIN);
    const ada = page.getByRole('row').filter({ hasText: 'admin@example.com' });
    // Seeded as 2024-02-29T08:15:30.123Z.
    await expect(ada.getByRole('cell').last()).toHaveText('2024-02-29 09:15 UTC+1');
  });
});

test.describe('in Chicago', () => {
  test.use({ timezoneId: 'America/Chicago' });

  test('the spring gap and the autumn hour of Chicago', async ({ page, request, signInPage }) => {
    const edit = await openWith(page, request, signInPage, '2026-01-01T00:00:00Z');
    const puts = recordPuts(page);
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2025-12-31T18:00');
    await edit.fillAndLeave(LAST_ACCESS, '2026-03-08T02:30:00');
    await edit.expectFieldError(LAST_ACCESS, /Error: Last access does not exist in Chicago time: the clocks go forward over it/);

    await edit.fillAndLeave(LAST_ACCESS, '2026-11-01T01:30:00');
    await edit.expectFieldError(LAST_ACCESS, /happens twice in Chicago time, as the clocks go back: choose which/);
    const which = page.getByRole('group', { name: 'Which 01:30? It happens twice as the clocks go back.' });
    await which.getByRole('radio', { name: '01:30, the first time (UTC-5)' }).check();
    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-11-01T06:30:00Z');
    await which.getByRole('radio', { name: '01:30, the second time (UTC-6)' }).check();
    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-11-01T07:30:00Z');
  });

  test('a tenant whose platform writes Madrid wall-clock times with a Z (config.json serverTimeZone)', async ({ page, request, signInPage }) => {
    await page.route('**/config.json', (route) => route.fulfill({ json: { apiBase: '/api', serverTimeZone: 'Europe/Madrid' } }));
    const edit = await openWith(page, request, signInPage, '2026-07-01T10:00:00Z');
    const puts = recordPuts(page);
    // 10:00 in Madrid (UTC+2) is 03:00 in Chicago (UTC-5).
    await expect(edit.field(LAST_ACCESS)).toHaveValue('2026-07-01T03:00');
    await edit.field(LAST_ACCESS).fill('2026-07-01T04:00:00');
    await edit.save();
    await edit.expectSaved();
    expect(puts.at(-1)?.LastAccess).toBe('2026-07-01T11:00:00Z');
  });
});
