// Saving (issue 19): a save the server is slow to answer says more than "Saving…" well
// before the time limit, and the limit then ends it with the usual message; a save with
// nothing to save asks nothing of the server.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { EditPage, addFault, putsSeen, storedUser } from './edit-page';

const STILL_SAVING = 'Still saving: the server is slow to answer. Your changes are safe on this page.';
const TIMED_OUT = 'The server did not answer in time. Try again in a moment. Your changes are still here.';

/** The runtime config with a time limit of `ms` per request, as a deployment may set it. */
async function requestLimit(page: Page, ms: number) {
  await page.route('**/config.json', (route) => route.fulfill({ json: { apiBase: '/api', requestTimeoutMs: ms } }));
}

for (const [what, fault] of [
  ['the PUT', { method: 'PUT', path: '/api/sys/users' }],
  ['the check before it', { method: 'GET', path: '/api/sys/users/1001' }],
] as const) {
  test(`a save that hangs on ${what}: within 10 s it says it is still waiting and the edits are safe; the time limit ends it`, async ({ page, request, signInPage }) => {
    await requestLimit(page, 12_000);
    const edit = new EditPage(page);
    await edit.open(signInPage);
    await edit.field('Full name').fill('Ada Lovelace');
    await addFault(request, { ...fault, delay_ms: 20_000 });
    const started = Date.now();
    await edit.save();
    await expect(edit.status('Saving…')).toBeVisible();
    await expect(edit.status(STILL_SAVING)).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(edit.saveButton()).toHaveAttribute('aria-busy', 'true');
    await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');

    await expect(edit.saveProblem(TIMED_OUT)).toBeVisible({ timeout: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(12_000);
    await expect(edit.status(STILL_SAVING)).toHaveCount(0);
    await expect(edit.saveButton()).not.toHaveAttribute('aria-busy', /.*/);
    await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
    await expect(edit.unsavedNote()).toBeVisible();
  });
}

test('a save that is only a little slow shows just "Saving…", then "Saved"', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, { method: 'PUT', path: '/api/sys/users', delay_ms: 1_500 });
  await edit.save();
  await expect(edit.status('Saving…')).toBeVisible();
  await edit.expectSaved();
  await expect(edit.status(STILL_SAVING)).toHaveCount(0);
  expect((await storedUser(request)).FullName).toBe('Ada Lovelace');
});

test('Save with no changes sends no request at all and says there is nothing to save', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const sent: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) sent.push(`${r.method()} ${r.url()}`); });
  await edit.save();
  await expect(edit.status('There are no changes to save.')).toBeVisible();
  await edit.field('Full name').press('Control+s');
  await expect(edit.status('There are no changes to save.')).toBeVisible();
  // An edit undone is no change either.
  await edit.field('Devices (optional)').fill('Pixel 9');
  await edit.field('Devices (optional)').fill('iPhone 15 (iOS 17.4)');
  await edit.save();
  await expect(edit.status('There are no changes to save.')).toBeVisible();
  await page.waitForTimeout(500);
  expect(sent).toEqual([]);
  expect(await putsSeen(request)).toEqual([]);
  // The message goes with the next edit.
  await edit.field('Devices (optional)').fill('Pixel 9');
  await expect(edit.status('There are no changes to save.')).toHaveCount(0);
});
