/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/support/env.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 30000,
	// The simulator's timings assume little contention on CI's 2 cores.
	maxWorkers: 2,
	// n8n-core keeps process-wide timers (its logger and binary-data service) that never close.
	forceExit: true,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
