/** @type {import('jest').Config} */
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	setupFilesAfterEnv: [
		'<rootDir>/test/support/onVirtualTime.ts',
		'<rootDir>/test/support/teardown.ts',
	],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};

module.exports = {
	testTimeout: 30000,
	// Time is virtual (test/support/virtualTime.ts): no verdict depends on how busy the cores are.
	maxWorkers: 2,
	// npm run fuzz: a new seed from real randomness, before any test file runs on virtual time.
	globalSetup: '<rootDir>/test/support/fuzzSeed.js',
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	projects: [
		// Everything in n8n 2.x's default binary mode: files on disk.
		{
			...common,
			displayName: 'filesystem',
			testMatch: ['**/*.test.ts'],
			setupFiles: ['<rootDir>/test/support/env.js'],
		},
		// The tests of downloads and uploads once more with binaries held in memory.
		{
			...common,
			displayName: 'memory',
			testMatch: ['**/binary.test.ts', '**/createVideo.test.ts'],
			setupFiles: ['<rootDir>/test/support/env.memory.js'],
		},
	],
};
