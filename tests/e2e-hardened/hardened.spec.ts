import { test, expect, type APIResponse } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ADMIN = { email: 'admin@example.com', password: 'Admin#2026' };

function expectSecurityHeaders(r: APIResponse) {
  const h = r.headers();
  const csp = h['content-security-policy'] ?? '';
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
  expect(scriptSrc).toContain("'wasm-unsafe-eval'");
  expect(scriptSrc).toMatch(/'sha256-[A-Za-z0-9+/]+=*'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'", "img-src 'self' https:"]) {
    expect(csp).toContain(directive);
  }
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['cross-origin-opener-policy']).toBe('same-origin');
}

test('every kind of response carries the security headers and the right caching', async ({ request }) => {
  const page = await request.get('/');
  expect(page.status()).toBe(200);
  expectSecurityHeaders(page);
  expect(page.headers()['cache-control']).toBe('no-store');
  const html = await page.text();

  const config = await request.get('/config.json');
  expectSecurityHeaders(config);
  expect(config.headers()['cache-control']).toBe('no-store');

  const assets = [...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*['"](\/[^'"]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css))['"]/g)].map((m) => m[1]);
  expect(new Set(assets).size).toBeGreaterThanOrEqual(3);
  for (const asset of new Set(assets)) {
    const r = await request.get(asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.status(), asset).toBe(200);
    expectSecurityHeaders(r);
    expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers()['content-encoding'], asset).toBe('gzip');
  }

  const api = await request.get('/api/sys/users');
  expect(api.status()).toBe(401);
  expectSecurityHeaders(api);
});

test('hashed assets go out as compressed at build time, at the highest level', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const assets = new Set([...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*['"]\/([^'"/]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css))['"]/g)].map((m) => m[1]));
  expect(assets.size).toBeGreaterThanOrEqual(3);
  for (const asset of assets) {
    for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
      const r = await request.get(`/${asset}`, { headers: { 'Accept-Encoding': encoding } });
      expect(r.headers()['content-encoding'], `${asset} ${encoding}`).toBe(encoding);
      // The file precompressed by the release build, byte for byte: not compressed again.
      expect(Number(r.headers()['content-length']), `${asset} ${encoding}`).toBe(statSync(join('dist', asset + suffix)).size);
      expect((await r.body()).equals(readFileSync(join('dist', asset))), `${asset} ${encoding}`).toBe(true);
    }
  }
});

test('paths outside /api/ get the app page; /api/ is proxied; a missing asset is a 404', async ({ request }) => {
  for (const path of ['/users', '/users/1001', '/some/deep/path', '/snippets/']) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()['content-type'], path).toContain('text/html');
    expect(await r.text(), path).toContain('<title>User Admin</title>');
  }
  const unknownApi = await request.get('/api/not-an-endpoint');
  expect(unknownApi.status()).toBe(404);
  expect(await unknownApi.text()).not.toContain('<title>');
  expect((await request.get('/user-admin-0123456789abcdef_bg.wasm')).status()).toBe(404);
  // Dot-files are never served, the build's own notes (toolchain, commit) included.
  for (const path of ['/.release-build', '/.git/config']) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});

test('the client_id header reaches the API through the proxy', async ({ request }) => {
  const form = { grant_type: 'password', username: ADMIN.email, password: ADMIN.password };
  const signedIn = await request.post('/api/token', { form, headers: { client_id: 'install-a' } });
  expect(signedIn.status()).toBe(200);
  const { refresh_token } = await signedIn.json();
  // Scoped to install-a: another client may not use it (if nginx dropped the header,
  // both calls would look alike and this would succeed).
  const stolen = await request.post('/api/token', {
    form: { grant_type: 'refresh_token', refresh_token },
    headers: { client_id: 'install-b' },
  });
  expect(stolen.status()).toBe(400);
  const own = await request.post('/api/token', {
    form: { grant_type: 'refresh_token', refresh_token },
    headers: { client_id: 'install-a' },
  });
  expect(own.status()).toBe(200);
});

test('sign in, edit and save through nginx with no policy violation or console error', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    // The preview's host does not resolve on this closed network: its load failing is
    // expected; that it was attempted at all shows img-src allowed it.
    if (m.type() === 'error' && !m.text().includes('ERR_NAME_NOT_RESOLVED')) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  await page.goto('/users/1001');
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const name = page.getByLabel('Full name');
  await expect(name).toHaveValue('Ada Administrator');
  await name.fill('Ada Hardened');
  // An https avatar preview loads under img-src.
  const previewRequested = page.waitForRequest('https://example.invalid/a.png');
  await page.getByLabel('New avatar URL').fill('https://example.invalid/a.png');
  await previewRequested;
  await page.getByLabel('New avatar URL').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Full name')).toHaveValue('Ada Hardened');
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(problems).toEqual([]);
});
