// End-to-end tests: the packaged extension (dist/chrome) in Debian's Chromium, on fixture pages
// served over HTTPS under the real hostnames. Screenshots and traces are kept on failure.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
