// The app's own router (src/router.rs): addresses, in-app links without a page load,
// Back/Forward, the current page marked in the navigation, and unknown addresses.
import { test, expect, ADMIN, resetApi } from './fixtures';

test.beforeEach(async ({ request }) => resetApi(request));

test('links move inside the app without a reload, and Back and Forward follow', async ({ page, signInPage }) => {
  await signInPage.goto('/sign-in?next=%2F');
  await signInPage.signIn(ADMIN);
  // `/` is the users page, and the address bar says so.
  await expect(page).toHaveURL(/\/users$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');

  // A marker on the window survives only if no page load happens.
  await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
  await page.getByRole('searchbox', { name: 'Search users' }).fill('Ada Administrator');
  await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await page.getByRole('link', { name: 'Ada Administrator' }).click();
  await expect(page).toHaveURL(/\/users\/1001$/);
  await expect(page.getByLabel('Full name')).toHaveValue('Ada Administrator');
  await expect(nav.getByRole('link', { name: 'Users' })).not.toHaveAttribute('aria-current', 'page');

  await page.goBack();
  await expect(page).toHaveURL(/\/users\?q=Ada(\+|%20)Administrator$/);
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveValue('Ada Administrator');
  await page.goForward();
  await expect(page.getByLabel('Full name')).toHaveValue('Ada Administrator');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test('an unknown address says so and links back to the users', async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn(ADMIN);
  await expect(page).toHaveURL(/\/users$/);
  for (const path of ['/nowhere', '/users/1001/more']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
  await page.getByRole('link', { name: 'list of users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
});
