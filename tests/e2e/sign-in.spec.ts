import type { Page, Request } from '@playwright/test';
import { test, expect, ADMIN, TWO_FACTOR, MUST_RESET, expectNoAxeViolations } from './fixtures';
import { EditPage } from './edit-page';

test('a wrong password says so and keeps the email', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn({ email: ADMIN.email, password: 'wrong-password' });
  await expect(signInPage.alert()).toHaveText('The email address or password is incorrect.');
  await expect(signInPage.email()).toHaveValue(ADMIN.email);
  await expect(signInPage.password()).toHaveValue('');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('empty fields are named, marked invalid and described', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.submit().click();
  await expect(signInPage.email()).toHaveAttribute('aria-invalid', 'true');
  await expect(signInPage.email()).toHaveAccessibleDescription('Error: Enter your email address');
  await signInPage.email().fill(ADMIN.email);
  await signInPage.submit().click();
  await expect(signInPage.password()).toHaveAttribute('aria-invalid', 'true');
  await expect(signInPage.password()).toHaveAccessibleDescription('Error: Enter your password');
  await expect(signInPage.email()).not.toHaveAttribute('aria-invalid', 'true');
});

test('two-factor accounts are asked for their code, then signed in', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(TWO_FACTOR);
  await expect(signInPage.code()).toBeFocused();
  await expect(signInPage.code()).toHaveAttribute('autocomplete', 'one-time-code');
  await expectNoAxeViolations(page);

  await signInPage.code().fill('000000');
  await signInPage.submit().click();
  await expect(signInPage.code()).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('That code was not accepted.')).toBeVisible();

  await signInPage.code().fill(TWO_FACTOR.totp);
  await signInPage.submit().click();
  await expect(page.getByText(`Signed in as ${TWO_FACTOR.email}`)).toBeVisible();
});

test('an account that must reset its password is told what to do', async ({ signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(MUST_RESET);
  await expect(signInPage.alert()).toContainText('must reset its password');
});

test('the token stays in sessionStorage unless "keep me signed in" is chosen', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(ADMIN);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const stored = await page.evaluate(() => ({
    local: localStorage.getItem('user-admin.session'),
    session: sessionStorage.getItem('user-admin.session'),
  }));
  expect(stored.local).toBeNull();
  expect(stored.session).toContain('access_token');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInPage.goto();
  await signInPage.signIn(ADMIN, { remember: true });
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const kept = await page.evaluate(() => ({
    local: localStorage.getItem('user-admin.session'),
    session: sessionStorage.getItem('user-admin.session'),
  }));
  expect(kept.local).toContain('access_token');
  expect(kept.session).toBeNull();
});

test('sign-out clears the tokens and guards the pages again', async ({ page, signInPage }) => {
  await signInPage.goto('/sign-in?next=%2Fusers');
  await signInPage.signIn(ADMIN, { remember: true });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const left = await page.evaluate(() => [localStorage.getItem('user-admin.session'), sessionStorage.getItem('user-admin.session')]);
  expect(left).toEqual([null, null]);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
});

test('tampered storage means signed out, without an error', async ({ page, signInPage }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInPage.goto();
  await page.evaluate(() => {
    localStorage.setItem('user-admin.session', '{"access_token": 42, "oops"');
    sessionStorage.setItem('user-admin.session', 'null');
  });
  await page.goto('/users');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
  await expect(signInPage.email()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a deep link comes back after signing in, and no secret is in any URL', async ({ page, signInPage }) => {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('/users?q=ada');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers%3Fq%3Dada$/);
  await signInPage.signIn(ADMIN);
  await expect(page).toHaveURL(/\/users\?q=ada$/);
  const token = await page.evaluate(() => sessionStorage.getItem('user-admin.session') ?? '');
  const accessToken = JSON.parse(token).access_token as string;
  for (const u of urls.concat(page.url())) {
    expect(u).not.toContain(ADMIN.password);
    expect(u).not.toContain(encodeURIComponent(ADMIN.password));
    expect(u).not.toContain(accessToken);
  }
});

// Should a submit handler ever trap before it cancels the submission, the browser submits
// the form itself: that must be a POST to this origin with no secret in it, never a GET
// with the password in the address bar.

/** Stops the app's own submit handlers from running, as a handler that traps would. */
async function disableSubmitHandlers(page: Page) {
  await page.evaluate(() => window.addEventListener('submit', (e) => e.stopImmediatePropagation(), true));
}

function expectNoSecretSent(submitted: Request, secret: string) {
  expect(submitted.method()).toBe('POST');
  for (const sent of [submitted.url(), submitted.postData() ?? '']) {
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain(encodeURIComponent(secret));
  }
}

test('the sign-in form, submitted by the browser itself, posts no password', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.email().fill(ADMIN.email);
  await signInPage.password().fill(ADMIN.password);
  await disableSubmitHandlers(page);
  const submitted = page.waitForRequest((r) => r.isNavigationRequest());
  await signInPage.submit().click();
  expectNoSecretSent(await submitted, ADMIN.password);
});

test('the edit form, submitted by the browser itself, posts no new password', async ({ page, signInPage }) => {
  const secret = 'Str0ng#Pass';
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('New password (optional)').fill(secret);
  await edit.field('Confirm new password (optional)').fill(secret);
  await disableSubmitHandlers(page);
  const submitted = page.waitForRequest((r) => r.isNavigationRequest());
  await edit.save();
  expectNoSecretSent(await submitted, secret);
});
