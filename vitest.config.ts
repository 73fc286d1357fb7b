import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['analyzers/**/*.test.ts', 'host/**/*.test.ts', 'server/**/*.test.ts', 'cli/**/*.test.ts', 'builder/**/*.test.ts',
      'fixtures/**/*.test.ts', 'test/**/*.test.ts', 'clients/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
  },
});
