// The names of what a user holds (issue 26): many ids in one read where the list allows
// it (`?id=[1,2,3]`), one read per id where it refuses or ignores that; within a budget,
// waiting out a 409, so that a save never waits for names; and never shown to another
// account than the one that read them.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { EDITOR, EditPage, addFault, apiRequestsSeen, changeBehind, signInAgainInDialog, storedUser } from './edit-page';

/** Businesses 1…n but 999 (which does not exist). */
const businesses = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((id) => id !== 999);

async function devConfig(page: Page, settings: Record<string, unknown>) {
  const r = await page.request.post('/__dev/config', { data: settings });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** The reads of businesses the development API saw: by ids (`?id=`), and one by one. */
async function businessReads(page: Page) {
  const seen = (await apiRequestsSeen(page.request)).filter((q) => q.method === 'GET' && q.path.startsWith('/api/sys/businesses'));
  return {
    byIds: seen.filter((q) => /(^|&)id=/.test(q.query ?? '')),
    oneByOne: seen.filter((q) => /^\/api\/sys\/businesses\/\d+$/.test(q.path)),
    all: seen,
  };
}

test('300 businesses: their names come in a few reads of many ids, not 300', async ({ page, request, signInPage }) => {
  await changeBehind(request, { set: { Businesses: businesses(300) }, as: 'platform' });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const list = edit.list('Businesses');
  await expect(list.getByRole('button', { name: /^Remove #\d+$/ })).toHaveCount(0, { timeout: 15_000 });
  await expect(list.getByRole('button', { name: 'Remove Archway Labs Copenhagen' })).toBeVisible();
  const reads = await businessReads(page);
  expect(reads.byIds.length).toBeGreaterThan(0);
  expect(reads.byIds.length).toBeLessThanOrEqual(7);
  expect(reads.oneByOne).toEqual([]);
});

for (const reading of ['refuse', 'ignore'] as const) {
  test(`a list that ${reading}s reads by ids: one read per id, each name its own`, async ({ page, request, signInPage }) => {
    await devConfig(page, { id_filter: reading });
    await changeBehind(request, { set: { Businesses: [3, 19, 999] }, as: 'platform' });
    const edit = new EditPage(page);
    await edit.open(signInPage);
    await edit.expectShown('Businesses', ['Archway Labs Copenhagen', 'Tannery Hub Singapore', '#999 (not found)']);
    const reads = await businessReads(page);
    expect(reads.byIds).toHaveLength(1);
    expect(reads.oneByOne.map((q) => q.path).sort()).toEqual(['/api/sys/businesses/19', '/api/sys/businesses/3', '/api/sys/businesses/999']);
  });
}

test('hundreds of names read one by one under the API\'s limit of 120 calls a minute never make a save wait', async ({ page, request, signInPage }) => {
  await devConfig(page, { call_limit: 120, id_filter: 'refuse' });
  await changeBehind(request, { set: { Businesses: businesses(300) }, as: 'platform' });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  // The lookups are under way.
  await expect.poll(async () => (await businessReads(page)).oneByOne.length, { timeout: 10_000 }).toBeGreaterThan(30);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.save();
  await edit.expectSaved();
  await expect(edit.throttleStatus()).toHaveCount(0);
  const seen = await apiRequestsSeen(request);
  expect(seen.filter((q) => q.status === 409)).toEqual([]);
  expect((await storedUser(request)).FullName).toBe('Ada Lovelace');
  // Within the minute, the lookups kept to their share of the limit.
  await page.waitForTimeout(2_000);
  expect((await businessReads(page)).all.length).toBeLessThanOrEqual(61);
});

test('a throttled lookup waits as told and reads again by itself', async ({ page, request, signInPage }) => {
  await addFault(request, { method: 'GET', path: '/api/sys/businesses', status: 409, retry_after: 2 });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const list = edit.list('Businesses');
  await expect(list.getByRole('button', { name: 'Remove Archway Labs Copenhagen' })).toBeVisible({ timeout: 10_000 });
  await expect(list.getByText('Some names could not be loaded.')).toHaveCount(0);
  const reads = await businessReads(page);
  expect(reads.all.map((q) => q.status)).toEqual([409, 200]);
});

test('names read by one account are not shown to the next, signed in through the re-sign-in dialog', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const businessesList = edit.list('Businesses');
  await expect(businessesList.getByRole('button', { name: 'Remove Archway Labs Copenhagen' })).toBeVisible();

  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.save();
  await signInAgainInDialog(page, EDITOR);

  // The editor may read none of the lists: ids only, whoever read the names before.
  await expect(businessesList.getByText('This account may not read the list of businesses: add one by its id.')).toBeVisible();
  await edit.expectShown('Businesses', ['#3', '#19']);
  await edit.expectShown('User roles', ['#1', '#2', '#3']);
});
