'use strict';
// What a real-n8n test script starts or makes (n8n servers and workers, the simulator, Redis,
// PostgreSQL, a browser, temporary folders) is undone in one place, newest first: when its
// checks end (success or failure) and on Ctrl-C, SIGTERM or SIGHUP, when `finally` blocks never
// run. Ctrl-C reaches only the processes in the terminal's process group; n8n servers run in
// their own group (so that stopping one stops its task runners), so they must be stopped here.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * @typedef {object} Scope What a run started or made, undone newest first.
 * @property {(step: () => unknown) => void} defer adds an undo step
 * @property {(name: string) => string} folder makes a temporary folder, removed on close
 * @property {() => Promise<void>} close runs the steps, once
 */

/** Scopes not yet closed, oldest first. @type {Set<Scope>} */
const openScopes = new Set();
/** Short-lived children (n8n CLI commands): killed on an interrupt. @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
/** @type {NodeJS.Signals | undefined} */
let interruptedBy;
/** The interrupt's cleanup; it ends with process.exit, so it never resolves. @type {Promise<never> | undefined} */
let cleaningUp;

/**
 * A list of undo steps. `defer(step)` adds one; `folder(name)` makes a temporary folder
 * (veo3-<name>-XXXXXX) that is removed; `close()` runs the steps newest first, once each.
 */
function scope() {
	/** @type {Array<() => unknown>} */
	const steps = [];
	/** @type {Promise<void> | undefined} */
	let closing;
	/** @type {Scope} */
	const self = {
		defer(step) {
			steps.push(step);
		},
		folder(name) {
			refuseIfInterrupted(`a ${name} folder`);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), `veo3-${name}-`));
			steps.push(() => fs.rmSync(dir, { recursive: true, force: true }));
			return dir;
		},
		/** The run's `finally` and an interrupt may both close a scope: the steps run once, in order. */
		close() {
			closing ??= (async () => {
				for (let step = steps.pop(); step; step = steps.pop()) {
					try {
						await step();
					} catch (error) {
						process.stderr.write(`[veo3] cleaning up: ${error.message}\n`);
					}
				}
				openScopes.delete(self);
			})();
			return closing;
		},
	};
	openScopes.add(self);
	return self;
}

/**
 * After an interrupt nothing new is started (a check still running may try).
 * @param {string} what
 */
function refuseIfInterrupted(what) {
	if (interruptedBy) throw new Error(`not starting ${what}: interrupted by ${interruptedBy}`);
}

/**
 * Kills `child` if the run is interrupted while it runs.
 * @template {import('node:child_process').ChildProcess} T
 * @param {T} child
 * @returns {T}
 */
function track(child) {
	if (interruptedBy) child.kill('SIGKILL');
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/** @param {NodeJS.Signals} signal */
function interrupt(signal) {
	if (interruptedBy) return; // a second Ctrl-C while cleaning up: keep cleaning up
	interruptedBy = signal;
	cleaningUp = cleanUpAndExit(signal);
}

/**
 * @param {NodeJS.Signals} signal
 * @returns {Promise<never>}
 */
async function cleanUpAndExit(signal) {
	process.stderr.write(
		`\n[veo3] ${signal}: stopping what this run started, removing its folders\n`,
	);
	for (const child of children) child.kill('SIGKILL');
	for (const open of [...openScopes].reverse()) await open.close();
	process.stderr.write('[veo3] cleaned up\n');
	process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** For a test script's main(): Ctrl-C, SIGTERM and SIGHUP clean up, then exit. */
function cleanUpOnInterrupt() {
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']))
		process.on(signal, () => interrupt(signal));
}

/**
 * The processes (other than this one) for which `test({ cmdline, environ, parent })` holds, as
 * { pid, cmdline }: what a run may have left running.
 * @param {(proc: { cmdline: string, environ: string, parent: number }) => boolean} test
 * @returns {Array<{ pid: number, cmdline: string }>}
 */
function processesWhere(test) {
	const found = [];
	for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
		if (Number(pid) === process.pid) continue;
		/** @param {string} file */
		const read = (file) => {
			try {
				return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').replace(/\0/g, ' ');
			} catch {
				return '';
			}
		};
		const cmdline = read('cmdline');
		const parent = Number(read('stat').split(') ')[1]?.split(' ')[1]);
		if (test({ cmdline, environ: read('environ'), parent }))
			found.push({ pid: Number(pid), cmdline: cmdline.slice(0, 160) });
	}
	return found;
}

/** Whether an interrupt is being handled (checks started after it are not run). */
const interrupted = () => interruptedBy !== undefined;

/** Resolves never: the process ends when the interrupt's cleanup is done. */
const untilInterruptExits = () => cleaningUp;

module.exports = {
	scope,
	track,
	cleanUpOnInterrupt,
	interrupted,
	untilInterruptExits,
	refuseIfInterrupted,
	processesWhere,
};
