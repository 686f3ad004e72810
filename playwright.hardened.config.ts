import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The production-like stack: Debian's nginx serving the release build with the hardened
// headers and proxying /api/ to the development API (scripts/serve-prod.sh).
const port = Number(process.env.E2E_HARDENED_PORT ?? 8780);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...base,
  testDir: 'tests/e2e-hardened',
  outputDir: 'tests/e2e-hardened/.artifacts',
  use: { ...base.use, baseURL },
  webServer: {
    command: `scripts/serve-prod.sh --no-setup --port ${port}`,
    env: { DEV_API_DEV_ENDPOINTS: '1' },
    url: `${baseURL}/config.json`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
