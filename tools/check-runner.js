'use strict';
// How the real-n8n scripts (e2e, ui, queue) run their checks: a suite sets up one n8n version's
// run (its context), runs its checks, each a named function of the context, in stages, prints
// the logs of what it started if a check failed, and closes the run's scope. `runSuite` does
// that on each pinned n8n version, then checks that nothing was left behind, prints a summary
// and exits.
const cleanup = require('./cleanup');
const { checkNothingLeft, tmpEntries } = require('./leftovers');
const rt = require('./n8n-runtime');

/** @typedef {[name: string, passed: boolean]} Result */
/**
 * @template C
 * @typedef {[title: string, check: (context: C) => Promise<void>, when?: (context: C) => boolean]} CheckRow
 * A check: its title (what it shows), the check, and, if not always, when it runs.
 */
/**
 * @template C
 * @typedef {object} Stage Checks that need the same thing: `before` sets it up (e.g. starts a server).
 * @property {(context: C) => Promise<void>} [before]
 * @property {CheckRow<C>[]} checks
 */
/**
 * @template C
 * @typedef {object} Suite
 * @property {string} kind the script, in its output ('e2e', 'ui', 'queue mode')
 * @property {string} versionsVariable the environment variable that picks versions (VEO3_E2E_N8N=2.8.4,1.85.4)
 * @property {string[]} [versions] the versions it runs on by default (the pinned ones)
 * @property {(version: string, scope: import('./cleanup').Scope) => Promise<C>} setUp
 *   one version's run: what it starts goes into `scope`, closed after the checks
 * @property {Stage<C>[]} stages
 * @property {(context: C) => Array<[name: string, log: string]>} [logs]
 *   the output of what the run started, printed (its end) when a check failed
 * @property {(context: C, failedCount: number) => Promise<void>} [onFail] after a failed check
 * @property {() => void | Promise<void>} [afterPass] once every check passed on every version
 */

/**
 * Named checks for a test script: each logs PASS or FAIL with its time and is recorded in
 * `results`; VEO3_E2E_GREP=word runs only the checks whose names contain it.
 * @param {string} label
 * @param {(failedCount: number) => Promise<void>} [onFail]
 */
function checker(label, onFail = async () => {}) {
	/** @type {Result[]} */
	const results = [];
	/**
	 * @param {string} name
	 * @param {() => Promise<void>} fn
	 */
	const check = async (name, fn) => {
		if (process.env.VEO3_E2E_GREP && !name.includes(process.env.VEO3_E2E_GREP)) return;
		if (cleanup.interrupted()) return;
		const t0 = Date.now();
		try {
			await fn();
			results.push([name, true]);
			rt.log(`PASS [${label}] ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		} catch (error) {
			results.push([name, false]);
			// Interrupted: what it was using is being stopped; its failure says nothing.
			if (cleanup.interrupted()) return rt.log(`INTERRUPTED [${label}] ${name}`);
			rt.log(`FAIL [${label}] ${name}: ${stackOf(error)}`);
			await onFail(results.length).catch(() => {});
		}
	};
	return { results, check };
}

/** @param {unknown} error */
const stackOf = (error) => (error instanceof Error ? error.stack : String(error));

/**
 * One version's run of `suite`: set-up, its stages, and the scope closed whatever happens. A
 * run that stops before or between its checks (n8n does not start, an import fails) counts as a
 * failed check, "the run".
 * @template C
 * @param {Suite<C>} suite
 * @param {string} version
 * @returns {Promise<Result[]>}
 */
async function runOn(suite, version) {
	const label = `${suite.kind}, n8n ${version}`;
	const scope = cleanup.scope();
	/** @type {C | undefined} */
	let context;
	const { results, check } = checker(label, async (n) => {
		if (context !== undefined) await suite.onFail?.(context, n);
	});
	try {
		const ready = await suite.setUp(version, scope);
		context = ready;
		for (const { before, checks } of suite.stages) {
			if (cleanup.interrupted()) break;
			await before?.(ready);
			for (const [title, fn, when = () => true] of checks)
				if (when(ready)) await check(title, async () => await fn(ready));
		}
	} catch (error) {
		results.push(['the run', false]);
		rt.log(
			cleanup.interrupted()
				? `INTERRUPTED [${label}] the run`
				: `FAIL [${label}] the run stopped: ${stackOf(error)}`,
		);
	} finally {
		if (context !== undefined && results.some(([, ok]) => !ok))
			for (const [name, log] of suite.logs?.(context) ?? [])
				process.stderr.write(`\n----- ${name} log (end) -----\n${log.slice(-5000)}\n`);
		// Nothing is left behind: not the servers, not their data, not the n8n folders.
		await scope.close();
	}
	return results;
}

/**
 * Runs `suite` on each of its versions (or those listed in its environment variable), checks
 * that nothing was left behind, then runs `afterPass()` if every check passed, prints a summary
 * and exits: 1 if any check failed or none ran.
 * @template C
 * @param {Suite<C>} suite
 * @returns {Promise<never>}
 */
async function runSuite(suite) {
	const { kind, versionsVariable } = suite;
	cleanup.cleanUpOnInterrupt();
	const started = Date.now();
	const tmpBefore = tmpEntries();
	const versions = process.env[versionsVariable]?.split(',') ?? suite.versions ?? rt.N8N_VERSIONS;
	const summary = [];
	for (const version of versions) {
		if (cleanup.interrupted()) break;
		const t0 = Date.now();
		const results = await runOn(suite, version);
		const failed = results.filter(([, ok]) => !ok).length;
		summary.push({
			version,
			passed: results.length - failed,
			failed,
			seconds: Math.round((Date.now() - t0) / 1000),
		});
	}
	// Interrupted: no summary; the interrupt's cleanup ends the process.
	if (cleanup.interrupted()) await cleanup.untilInterruptExits();
	const clean = await checkNothingLeft(kind, tmpBefore);
	const anyFailed = !clean || summary.some(({ failed, passed }) => failed || !passed);
	if (!anyFailed) await suite.afterPass?.();
	for (const { version, passed, failed, seconds } of summary) {
		process.stdout.write(
			`${kind} in n8n ${version}: ${passed} passed, ${failed} failed (${seconds} s)\n`,
		);
	}
	process.stdout.write(`${kind} total: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	process.exit(anyFailed ? 1 : 0);
}

module.exports = { checker, runSuite };
