// Prints the plain closing line CI reads ("N passed, N failed"), after jest's own summary; and for
// a run of generated plans (FUZZ_RUNS), its seed and how to replay it, pass or fail.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const { FUZZ_RUNS, FUZZ_SEED } = process.env;
		const fuzz =
			FUZZ_RUNS && FUZZ_SEED
				? `fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs; replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS} npm run fuzz\n`
				: '';
		process.stdout.write(
			`\n${fuzz}jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
		);
	}
}
module.exports = SummaryReporter;
