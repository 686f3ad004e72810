import { defineConfig } from '@playwright/test';

// The release build (dist/) and the development API on one loopback origin, in the
// same process the README's run command starts, with the test-control endpoints on.
const port = Number(process.env.E2E_PORT ?? 8788);
// Another bundle than dist/ (a copy built apart, so a rebuild cannot change it mid-run).
const dist = process.env.E2E_DIST ?? 'dist';
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // The specs share one development API and reset its data: one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  // Runs side by side (another bundle, another port) keep their traces apart.
  outputDir: process.env.E2E_OUTPUT ?? 'tests/e2e/.artifacts',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright never downloads a browser here.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: `target/debug/dev-api --port ${port} --static ${dist} --dev-endpoints --token-ttl 60`,
    url: `${baseURL}/config.json`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
