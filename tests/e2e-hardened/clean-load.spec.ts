import { test, expect } from '@playwright/test';

test('the app loads with no console error and no failed request, and its icon is an image the CSP allows', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  // Without an icon link, a browser asks for /favicon.ico: a 404 (or the app's HTML)
  // on every load. The icon is Trunk's content-hashed copy, cached like the others.
  const icons = page.locator('link[rel="icon"]');
  await expect(icons).toHaveCount(1);
  const href = await icons.getAttribute('href');
  expect(href).toMatch(/^\/favicon-[0-9a-f]{8,16}\.svg$/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(icon.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // Decoded in the page, under its CSP: a blocked or broken image rejects.
  const width = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return img.naturalWidth;
  }, href!);
  expect(width).toBeGreaterThan(0);

  expect(problems).toEqual([]);
});
