// The unsaved-changes guard: leaving with changes (an in-app link, Back, closing the tab)
// asks first, and saying no keeps the page and the edits; it never asks after a save, or
// after an edit was undone.
import type { Page } from '@playwright/test';
import { test, expect, answerDialogs } from './fixtures';
import { EditPage } from './edit-page';

const QUESTION = 'You have unsaved changes. Leave this page and lose them?';


const usersLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });

test('an in-app link asks first; "Cancel" keeps the page and the edits, "OK" leaves', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');

  const asked = answerDialogs(page, 'dismiss');
  await usersLink(page).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0].type()).toBe('confirm');
  expect(asked[0].message()).toBe(QUESTION);
  await expect(page).toHaveURL(/\/users\/1001$/);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.unsavedNote()).toBeVisible();

  // The breadcrumb asks too; this time the answer is yes.
  page.removeAllListeners('dialog');
  const second = answerDialogs(page, 'accept');
  await page.getByRole('main').getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page).toHaveURL(/\/users$/);
  expect(second.map((d) => d.message())).toEqual([QUESTION]);
});

test('Back with unsaved changes asks; "Cancel" stays on the page with the edits', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await page.goto('/users');
  await signInPage.signIn({ email: 'admin@example.com', password: 'Admin#2026' });
  await page.getByRole('link', { name: 'Ada Administrator', exact: true }).click();
  await edit.waitForForm();
  await edit.field('Devices (optional)').fill('Pixel 9');

  const asked = answerDialogs(page, 'dismiss');
  await page.goBack();
  await expect.poll(() => asked.map((d) => d.message())).toEqual([QUESTION]);
  await expect(page).toHaveURL(/\/users\/1001$/);
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 9');
});

test('closing the tab with unsaved changes asks the browser\'s own question', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Devices (optional)').fill('Pixel 9');
  const asked = answerDialogs(page, 'dismiss');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked.map((d) => d.type())).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
});

test('after a successful save, leaving does not ask', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await edit.save();
  await edit.expectSaved();
  const asked = answerDialogs(page, 'dismiss');
  await usersLink(page).click();
  await expect(page).toHaveURL(/\/users$/);
  expect(asked).toHaveLength(0);
});

test('after an edit is undone, leaving does not ask', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Last help page visited').fill('24');
  await edit.field('Active').uncheck();
  await expect(edit.unsavedNote()).toBeVisible();
  // Back to what was loaded, one of them written differently but meaning the same.
  await edit.field('Last help page visited').fill('023');
  await edit.field('Active').check();
  await expect(edit.unsavedNote()).toHaveCount(0);
  const asked = answerDialogs(page, 'dismiss');
  await usersLink(page).click();
  await expect(page).toHaveURL(/\/users$/);
  expect(asked).toHaveLength(0);
});

test('signing out with unsaved changes asks first; "Cancel" keeps the session and the edits', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');

  const asked = answerDialogs(page, 'dismiss');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0].message()).toBe(QUESTION);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('user-admin.session'))).not.toBeNull();
});
