import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every layer: unit (pure, fast), infra (CDK assertions and cdk-nag),
 * integration (adapters against the local emulators, started and stopped by the tests) and
 * e2e (HTTP against the local runtime) and browser (the web console in headless Chromium).
 */
export default defineConfig({
  test: {
    // The machines here run Node 20; Lambda runs Node 22. The SDK's upgrade notice is noise in tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 90_000 },
      },
      {
        // The web console in headless Chromium against the local runtime (builds web/dist when stale).
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.browser.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
