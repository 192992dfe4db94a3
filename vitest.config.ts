import { defineConfig } from 'vitest/config';

// isolated-vm needs --no-node-snapshot on Node >= 20, and worker threads reject that flag,
// so every test file runs in a forked process (see docs/ARCHITECTURE.md).
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
