'use strict';
// `npm run test:interrupt`: Ctrl-C in the middle of `npm run test:e2e`, `test:ui` and
// `test:queue` leaves nothing behind. Each runs as a user runs it (`npm run`, as the terminal's
// foreground job: a process group of its own) on one n8n version, with a temporary directory of
// its own (TMPDIR). Once n8n is up, the terminal's Ctrl-C is sent: SIGINT to the whole process
// group. Then the run must end, its temporary directory must be empty, and no process whose
// command line or environment names that directory may be left (n8n servers and workers, their
// task runners, the simulator, Redis, PostgreSQL, the browser, npm start).
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cleanup = require('./cleanup');
const rt = require('./n8n-runtime');
const { checker, waitFor } = require('./workflows');

const VERSION = process.env.VEO3_INTERRUPT_N8N ?? rt.N8N_VERSIONS[0];

/** What each script prints once its n8n is up (and what it is running then). */
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
];

/** Processes (other than this one) whose command line or environment names `dir`. */
const processesNaming = (dir) =>
	cleanup.processesWhere(({ cmdline, environ }) => cmdline.includes(dir) || environ.includes(dir));

/** Starts `npm run <script>`, Ctrl-C's it once n8n is up, and checks that nothing is left. */
async function interruptLeavesNothing({ script, env, ready }) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-interrupt-'));
	// PostgreSQL runs as its own user, inside this directory.
	fs.chmodSync(tmp, 0o755);
	const npm = spawn('npm', ['run', script], {
		cwd: rt.ROOT,
		env: { ...process.env, ...env, TMPDIR: tmp },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	npm.stdout.on('data', (chunk) => (output += chunk));
	npm.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) =>
		npm.once('exit', (code, signal) => resolve(code ?? signal)),
	);
	try {
		await waitFor(
			`${script} to have n8n up`,
			() => ready.test(output) || npm.exitCode !== null,
			900_000,
		);
		assert.equal(npm.exitCode, null, `${script} ended before n8n was up:\n${output.slice(-3000)}`);
		rt.log(`${script} is up; Ctrl-C (SIGINT to its process group)`);
		process.kill(-npm.pid, 'SIGINT');
		const code = await Promise.race([
			exited,
			new Promise((resolve) => setTimeout(() => resolve('still running'), 120_000)),
		]);
		assert.notEqual(code, 'still running', `${script} did not end within 120 s of Ctrl-C`);
		assert.notEqual(code, 0, `${script} exited 0 after Ctrl-C`);
		let left;
		const clean = await waitFor(
			'nothing to be left',
			() => {
				left = { files: fs.readdirSync(tmp), processes: processesNaming(tmp) };
				return !left.files.length && !left.processes.length;
			},
			20_000,
		).catch(() => false);
		assert.ok(
			clean,
			`left behind in ${tmp}: ${JSON.stringify(left, null, 1)}\n${output.slice(-3000)}`,
		);
		assert.match(output, /SIGINT: stopping what this run started/);
	} finally {
		// Whatever the check found, this script itself leaves nothing.
		for (const { pid } of processesNaming(tmp)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		try {
			process.kill(-npm.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function main() {
	const { results, check } = checker(`interrupt, n8n ${VERSION}`);
	for (const run of RUNS)
		await check(
			`Ctrl-C during npm run ${run.script} (${run.what} running) leaves no process and no temporary folder`,
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
