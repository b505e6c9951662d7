import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['**/node_modules/**', 'test/editor-harness/fixture-extension/**'],
        testTimeout: 30_000,
        hookTimeout: 120_000,
        // Lab and editor suites start daemons and browsers; keep suites in separate processes but few at once.
        pool: 'forks',
        poolOptions: { forks: { maxForks: 2, minForks: 1 } },
        reporters: ['default']
    }
});
