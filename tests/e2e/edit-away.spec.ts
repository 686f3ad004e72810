// A page left open in a background tab (issue 15): shown again after a minute or more,
// it reads the record again and merges what changed under the admin's own edits, and
// says what changed. The tab's visibility and the clock are the browser's, so the test
// drives both: `document.hidden` and `Date.now` are wrapped before the app loads.
import { test, expect } from './fixtures';
import { EditPage, awayFor, changeBehind, controlVisibilityAndClock, recordGetsSeen } from './edit-page';

test('back after a minute away: what others changed shows, the admin\'s own edit stays', async ({ page, request, signInPage }) => {
  await controlVisibilityAndClock(page);
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', set: { Devices: 'Pixel 9' } });
  const before = (await recordGetsSeen(request)).length;

  // Half a minute away: nothing is asked.
  await awayFor(page, 30_000);
  await page.waitForTimeout(500);
  expect(await recordGetsSeen(request)).toHaveLength(before);

  await awayFor(page, 61_000);
  await expect(page.getByRole('status').filter({ hasText: 'While this page was in the background, the user was updated by other.admin@example.com: Devices.' })).toBeVisible();
  expect(await recordGetsSeen(request)).toHaveLength(before + 1);
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.unsavedNote()).toBeVisible();
});

test('back after a minute away: the admin\'s field changed by someone else too is a conflict, not overwritten', async ({ page, request, signInPage }) => {
  await controlVisibilityAndClock(page);
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', set: { FullName: 'Ada King' } });
  await awayFor(page, 90_000);
  await expect(edit.conflictPanel()).toBeVisible();
  await expect(edit.conflictPanel()).toContainText('Full name');
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
});
