// Test layers: unit (pure logic), integration (real sshd + Docker hosts made by tests/hosts),
// e2e (Playwright + Debian's Chromium against `pier serve`), bench (ratio benchmarks).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // `npm test` runs these beside the integration files on a 2-CPU machine; a test that
          // takes 1 s alone can take 5 under that load, and speed is the benchmarks' business.
          testTimeout: 30_000
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/hosts/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // The hosts are shared machines; files take turns so fault tests don't cut a link
          // under another file's feet.
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'bench',
          include: [],
          benchmark: { include: ['tests/bench/**/*.bench.ts'] },
          globalSetup: ['tests/hosts/global-setup.ts']
        }
      }
    ]
  }
})
