import { test, expect, ADMIN, expectNoAxeViolations } from './fixtures';

// The release build loads, a demo administrator signs in and sees the signed-in shell.
test('signs in with the demo account and sees the signed-in shell', async ({ page, signInPage }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto('/');
  // Not signed in: sent to sign in, with the way back remembered.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
  await expect(signInPage.email()).toBeVisible();
  await expectNoAxeViolations(page);

  await signInPage.signIn(ADMIN);
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${ADMIN.email}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});

test('the page served is the release build', async ({ page }) => {
  const wasm: string[] = [];
  page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto('/sign-in');
  await expect(page.getByLabel('Email address')).toBeVisible();
  // The release build names the module with a content hash; it splits
  // the sign-in form off into a part of its own (also hashed), which this page fetches.
  expect(wasm.filter((u) => /\/user-admin-[0-9a-f]{8,16}_bg\.wasm$/.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => /\/split_sign_in-[0-9a-f]{16}\.wasm$/.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => /\/split_users-/.test(u))).toEqual([]);
});
