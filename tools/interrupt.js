'use strict';
// `npm run test:interrupt`: stopping a run in the middle leaves nothing behind.
//
// - Ctrl-C in the middle of `npm run test:e2e`, `test:ui` and `test:queue`. Each runs as a user
//   runs it (`npm run`, as the terminal's foreground job: a process group of its own) on one n8n
//   version, with a temporary directory of its own (TMPDIR). Once n8n is up, the terminal's
//   Ctrl-C is sent: SIGINT to the whole process group.
// - SIGINT to the `npm start` process alone (npm's pid, not its group: what `pm2 stop` and many
//   supervisors send first), once while n8n's command line checks the demo credential (a
//   veo3-export-* folder exists) and once n8n is up.
//
// Then the run must end, its temporary directory must be empty, and no process whose command
// line or environment names that directory (or npm start's demo folder) may be left (n8n servers
// and workers, their task runners, the simulator, Redis, PostgreSQL, the browser, npm start).
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cleanup = require('./cleanup');
const rt = require('./n8n-runtime');
const { checker } = require('./check-runner');
const { waitFor } = require('./wait-for');

const VERSION = process.env.VEO3_INTERRUPT_N8N ?? rt.N8N_VERSIONS[0];

/**
 * @typedef {object} Run
 * @property {string} script the npm script
 * @property {Record<string, string>} env
 * @property {RegExp | ((output: string, tmp: string) => boolean)} ready when to send the signal
 * @property {string} what what runs then
 * @property {boolean} [npmAlone] SIGINT to npm's pid only (else to its process group)
 * @property {string} [when] when the signal is sent, in words
 */
/** The runs: what each prints once its n8n is up (and what it is running then), whom to signal. */
/** @type {Run[]} */
const RUNS = [
	{
		script: 'test:e2e',
		env: { VEO3_E2E_N8N: VERSION, VEO3_E2E_GREP: 'callback mode' },
		ready: /\[veo3\] n8n \S+ serving on http/,
		what: 'n8n start (its own process group), two simulators, local servers, the user folder',
	},
	{
		script: 'test:ui',
		env: { VEO3_UI_N8N: VERSION },
		ready: /\[veo3\] PASS \[ui/,
		what: 'npm start (n8n and the simulator, in their own process group) and Chromium',
	},
	{
		script: 'test:queue',
		env: { VEO3_QUEUE_N8N: VERSION },
		ready: /\[veo3\] queue mode in n8n \S+: main on \S+ and 2 workers ready/,
		what: 'a main and two workers (each in its own process group), Redis, PostgreSQL, the simulator',
	},
	{
		script: 'start',
		npmAlone: true,
		env: { VEO3_N8N_VERSION: VERSION },
		// The demo folder is fresh: the credential is exported (to find none), then imported.
		ready: (output, tmp) => fs.readdirSync(tmp).some((name) => name.startsWith('veo3-export-')),
		when: "n8n's command line checks the demo credential (a veo3-export-* folder exists)",
		what: 'the simulator and n8n export:credentials',
	},
	{
		script: 'start',
		npmAlone: true,
		env: { VEO3_N8N_VERSION: VERSION },
		ready: /Ctrl\+C stops n8n and the simulator\.\n={78}\n/,
		when: 'n8n is up',
		what: 'n8n (its own process group), its task runner and the simulator',
	},
];

/** Processes (other than this one) whose command line or environment names `dir`. */
const processesNaming = (/** @type {string} */ dir) =>
	cleanup.processesWhere(({ cmdline, environ }) => cmdline.includes(dir) || environ.includes(dir));

/**
 * Starts `npm run <script>`; once it is `ready`, Ctrl-C's it (SIGINT to its process group) or,
 * with `npmAlone`, sends SIGINT to npm's pid only; then checks that nothing is left.
 * @param {Run} run
 */
async function interruptLeavesNothing({ script, env, ready, npmAlone }) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-interrupt-'));
	// PostgreSQL runs as its own user, inside this directory.
	fs.chmodSync(tmp, 0o755);
	// npm start keeps its demo folder (n8n's data) by design: outside TMPDIR, removed below.
	const demo = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-interrupt-demo-'));
	const isReady =
		typeof ready === 'function' ? ready : (/** @type {string} */ output) => ready.test(output);
	// `npm start` itself, as a user (or a supervisor) runs it, on a free port.
	const args = script === 'start' ? ['start'] : ['run', script];
	const demoEnv = script === 'start' && {
		VEO3_DEMO_FOLDER: demo,
		N8N_PORT: String(await rt.freePort()),
	};
	const npm = spawn('npm', args, {
		cwd: rt.ROOT,
		env: { ...process.env, ...env, ...demoEnv, TMPDIR: tmp },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = npm.pid ?? NaN;
	let output = '';
	npm.stdout.on('data', (chunk) => (output += chunk));
	npm.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) =>
		npm.once('exit', (code, signal) => resolve(code ?? signal)),
	);
	try {
		await waitFor(
			`${script} to be ready`,
			() => isReady(output, tmp) || npm.exitCode !== null,
			900_000,
		);
		assert.equal(
			npm.exitCode,
			null,
			`${script} ended before it was ready:\n${output.slice(-3000)}`,
		);
		if (npmAlone) {
			rt.log(`${script} is ready; SIGINT to npm (pid ${pid}) alone`);
			process.kill(pid, 'SIGINT');
		} else {
			rt.log(`${script} is up; Ctrl-C (SIGINT to its process group)`);
			process.kill(-pid, 'SIGINT');
		}
		// npm start stops n8n within 20 s (its own bound); the test scripts also stop databases.
		const limit = npmAlone ? 60 : 120;
		const code = await Promise.race([
			exited,
			new Promise((resolve) => setTimeout(() => resolve('still running'), limit * 1000)),
		]);
		assert.notEqual(
			code,
			'still running',
			`${script} did not end within ${limit} s of the SIGINT:\n${output.slice(-3000)}`,
		);
		assert.notEqual(code, 0, `${script} exited 0 after Ctrl-C`);
		/** @type {{ files: string[], processes: Array<{ pid: number }> } | undefined} */
		let left;
		const clean = await waitFor(
			'nothing to be left',
			() => {
				left = {
					files: fs.readdirSync(tmp),
					processes: [...processesNaming(tmp), ...processesNaming(demo)],
				};
				return !left.files.length && !left.processes.length;
			},
			20_000,
		).catch(() => false);
		assert.ok(
			clean,
			`left behind in ${tmp}: ${JSON.stringify(left, null, 1)}\n${output.slice(-3000)}`,
		);
		if (npmAlone) {
			// npm start says what it does, in its own words.
			assert.match(output, /\[veo3\] Ctrl-C \(SIGINT\): stopping/);
			assert.match(output, /\[veo3\] stopped\n/);
		} else assert.match(output, /SIGINT: stopping what this run started/);
	} finally {
		// Whatever the check found, this script itself leaves nothing.
		for (const { pid } of [...processesNaming(tmp), ...processesNaming(demo)]) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.rmSync(demo, { recursive: true, force: true });
	}
}

async function main() {
	const { results, check } = checker(`interrupt, n8n ${VERSION}`);
	for (const run of RUNS)
		await check(
			run.npmAlone
				? `SIGINT to npm alone (npm start, ${run.when}; ${run.what} running) leaves no process and no temporary folder`
				: `Ctrl-C during npm run ${run.script} (${run.what} running) leaves no process and no temporary folder`,
			async () => await interruptLeavesNothing(run),
		);
	const failed = results.filter(([, ok]) => !ok).length;
	process.stdout.write(`interrupt: ${results.length - failed} passed, ${failed} failed\n`);
	process.exit(failed || !results.length ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
