// jest's globalSetup: the seed of `npm run fuzz` (FUZZ_RUNS set, FUZZ_SEED not). It comes from the
// operating system's randomness, drawn here in jest's main process before any test file loads:
// there, Date.now and Math.random are the virtual clock's and the seeded sequence's
// (support/virtualTime.ts), so fast-check's own default seed was the same on every run. The seed
// goes to the test files as FUZZ_SEED (jest's workers inherit the environment); it is printed now
// and again after the run, pass or fail (summary-reporter.js), with the command that replays it.
const crypto = require('node:crypto');

module.exports = () => {
	if (!process.env.FUZZ_RUNS || process.env.FUZZ_SEED) return;
	// fast-check takes a 32-bit seed.
	process.env.FUZZ_SEED = String(crypto.randomInt(2 ** 31 - 1));
	process.stdout.write(
		`\nfuzz: ${process.env.FUZZ_RUNS} runs from the new seed ${process.env.FUZZ_SEED}\n`,
	);
};
