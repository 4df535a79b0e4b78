// `npm run bench`: the benchmark runs through jest only to reuse ts-jest and the test harness;
// it asserts nothing about time and is not part of `npm test`.
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/bench'],
	testMatch: ['**/*.bench.ts'],
	setupFiles: ['<rootDir>/bench/env.js', '<rootDir>/test/support/env.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 3_600_000,
	forceExit: true,
};
