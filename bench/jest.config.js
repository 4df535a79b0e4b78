// `npm run bench`: the benchmark runs through jest only to reuse ts-jest and the test harness;
// it asserts nothing about time and is not part of `npm test`.
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/bench'],
	testMatch: ['**/*.bench.ts'],
	setupFiles: ['<rootDir>/test/support/env.js'],
	setupFilesAfterEnv: ['<rootDir>/test/support/teardown.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 3_600_000,
};
