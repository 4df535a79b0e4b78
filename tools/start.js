'use strict';
// `npm start`: build (only when the sources changed), start the API simulator, and start a real
// n8n on 127.0.0.1 with this package installed as a community package, a demo credential that
// points at the simulator, and the demo workflow. No API key needed. Ctrl+C stops everything.
//
// What the user changed is kept: the demo workflow is imported only when it is missing, and the
// demo credential only when it is missing or still points at an earlier run's simulator (not
// once it holds a real key). The owner account is set up for the demo on the first start.
//
// The terminal gets our own short lines (what is happening, how long it took); n8n's own output
// goes to a log file in the demo folder that the banner names.
//
// Stopping: Ctrl-C (SIGINT), SIGTERM and SIGHUP, to this process or only to npm (package.json
// runs this script with `exec`, so that npm's shell does not swallow the SIGINT npm forwards),
// and npm itself going away, all stop what was started, say so, and leave no temporary folder.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const cleanup = require('./cleanup');
const rt = require('./n8n-runtime');
const { waitForEditor } = require('./n8n-rest');

const USER_FOLDER = path.resolve(process.env.VEO3_DEMO_FOLDER ?? path.join(rt.ROOT, '.n8n-demo'));
const N8N_LOG = path.join(USER_FOLDER, 'n8n.log');
const DEMO_CREDENTIAL = { id: 'veo3DemoCredSim', name: 'Veo3 demo (local simulator)' };
const DEMO_WORKFLOW = JSON.parse(
	fs.readFileSync(path.join(rt.ROOT, 'examples/demo-simulator.json'), 'utf8'),
);
const DEMO_OWNER = {
	email: 'demo@veo3.example',
	password: 'Veo3-demo-Passw0rd',
	firstName: 'Veo3',
	lastName: 'Demo',
};
const CLIP = path.join(rt.ROOT, 'test/fixtures/demo-clip.mp4');
/** What the build reads: when none of it changed since the last build, dist/ is kept. */
const BUILD_INPUTS = [
	'nodes',
	'credentials',
	'package.json',
	'package-lock.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'gulpfile.js',
];
/** The last build's input hashes. Not in dist/: `npm pack` would ship it. */
const BUILD_STAMP = path.join(rt.ROOT, 'node_modules/.cache/n8n-nodes-veo3/build-stamp.json');
/** Which build is installed in the demo's n8n. */
const INSTALL_STAMP = path.join(USER_FOLDER, '.n8n/nodes/veo3-installed.json');

const say = rt.log;
const seconds = (/** @type {number} */ since) => `${Math.round((Date.now() - since) / 1000)} s`;
/** A path as the user would type it from here. */
const shown = (/** @type {string} */ file) => {
	const relative = path.relative(process.cwd(), file);
	return relative.startsWith('..') ? file : relative;
};

// ---------------------------------------------------------------------------------------------
// Stopping. Everything started is in `running` (n8n, the simulator), newest first; the commands
// start.js waits for (build, installs, n8n's CLI) are killed; the step in progress finishes its
// `finally` (the CLI's temporary folders) before the process exits.

const running = cleanup.scope();
/** @typedef {import('node:child_process').ChildProcess} ChildProcess */
/** Commands running now, each in a process group of its own: killed when stopping. */
/** @type {Set<ChildProcess>} */
const commands = new Set();
/** The step main() waits for. */
/** @type {Promise<unknown>} */
let current = Promise.resolve();
/** @type {Promise<void> | undefined} */
let stopping;
let stopAsked = 0;
/** n8n's process, once started: a second Ctrl-C while it stops kills it at once. */
/** @type {ChildProcess | undefined} */
let n8n;
/** The simulator's process, once started. */
/** @type {ChildProcess | undefined} */
let simulator;

/**
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 */
function kill(pid, signal) {
	if (pid === undefined || Number.isNaN(pid)) return;
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

/**
 * Stops everything, then exits (`signal`: by re-raising it, as npm expects of its script).
 * @param {string} why
 * @param {{ signal?: NodeJS.Signals, code?: number }} [how]
 */
function stop(why, { signal, code = 1 } = {}) {
	if (stopping) {
		// One Ctrl-C in a terminal arrives twice (from the terminal, and forwarded by npm).
		if (signal && n8n && Date.now() - stopAsked > 1500) {
			say('stopping n8n at once');
			kill(-(n8n.pid ?? NaN), 'SIGKILL');
		}
		return;
	}
	stopAsked = Date.now();
	stopping = (async () => {
		say(`${why}: stopping${n8n ? ' n8n and' : ''} the simulator... (Ctrl-C again: at once)`);
		for (const child of commands) kill(-(child.pid ?? NaN), 'SIGKILL');
		// The step in progress ends (its command was killed, and so is any n8n command it starts
		// next) and removes its temporary folder.
		const killer = setInterval(killCliCommands, 100);
		killCliCommands();
		await current.catch(() => {});
		clearInterval(killer);
		await running.close();
		say('stopped');
		if (signal) {
			process.removeAllListeners(signal);
			process.kill(process.pid, signal);
		}
		process.exit(code);
	})();
}

/**
 * Runs `promise` as main()'s current step; once stopping, main() goes no further.
 * @template T
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
async function step(promise) {
	current = promise;
	try {
		return await promise;
	} finally {
		if (stopping) await new Promise(() => {});
	}
}

/**
 * @typedef {{ cwd?: string, env?: NodeJS.ProcessEnv, showErrors?: boolean }} RunOptions
 */
/**
 * Runs a command in its own process group, its output kept; resolves with { code, output }.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<{ code: number | string | null, output: string }>}
 */
function run(command, args, { cwd = rt.ROOT, env = process.env, showErrors = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', showErrors ? 'inherit' : 'pipe'],
		});
		commands.add(child);
		let output = '';
		child.stdout?.on('data', (chunk) => (output += chunk));
		child.stderr?.on('data', (chunk) => (output += chunk));
		child.once('error', reject);
		child.once('exit', (exitCode, signal) => {
			commands.delete(child);
			resolve({ code: exitCode ?? signal, output });
		});
	});
}

/**
 * @param {string} what
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 */
async function mustRun(what, command, args, options) {
	const result = await run(command, args, options);
	if (result.code !== 0) throw new Error(`${what} failed (${result.code}):\n${result.output}`);
	return result.output;
}

// ---------------------------------------------------------------------------------------------
// The steps.

/** The pinned n8n, installed into the cache folder on the first start (install-n8n.sh says so). */
async function ensureN8n(version = rt.N8N_VERSIONS[0]) {
	const started = Date.now();
	const output = await mustRun(
		`installing n8n ${version}`,
		'bash',
		[path.join(rt.ROOT, 'tools/install-n8n.sh'), version],
		{ showErrors: true },
	);
	if (Date.now() - started > 10_000) say(`n8n ${version} installed in ${seconds(started)}`);
	return rt.runtimeIn(version, output.trim().split('\n').pop() ?? '');
}

/** A hash of each build input (a folder: every file in it, by path and content). */
function buildInputHashes() {
	/** @type {Record<string, string>} */
	const hashes = {};
	for (const input of BUILD_INPUTS) {
		const hash = crypto.createHash('sha256');
		const absolute = path.join(rt.ROOT, input);
		const files = fs.statSync(absolute).isDirectory()
			? fs
					.readdirSync(absolute, { recursive: true, withFileTypes: true })
					.filter((entry) => entry.isFile())
					.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
					.sort()
			: [absolute];
		for (const file of files)
			hash.update(`${path.relative(rt.ROOT, file)}\0`).update(fs.readFileSync(file));
		hashes[input] = hash.digest('hex').slice(0, 16);
	}
	return hashes;
}

const readJson = (/** @type {string} */ file) => {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
};

/**
 * Builds dist/ when a build input changed since the last build (or dist/ is gone).
 * @param {Record<string, string>} hashes
 */
async function buildIfChanged(hashes) {
	const built = readJson(BUILD_STAMP) ?? {};
	const changed = BUILD_INPUTS.filter((input) => built[input] !== hashes[input]);
	const distComplete = [...rt.PACKAGE.n8n.nodes, ...rt.PACKAGE.n8n.credentials].every((file) =>
		fs.existsSync(path.join(rt.ROOT, file)),
	);
	if (!changed.length && distComplete) {
		say('the package is built and its sources have not changed: no rebuild');
		return;
	}
	const reason = distComplete
		? `${changed.join(', ')} changed since the last build`
		: 'no build yet';
	say(`building the package (${reason})...`);
	const started = Date.now();
	fs.rmSync(BUILD_STAMP, { force: true });
	await mustRun('npm run build', 'npm', ['run', 'build', '--silent']);
	fs.mkdirSync(path.dirname(BUILD_STAMP), { recursive: true });
	fs.writeFileSync(BUILD_STAMP, JSON.stringify(hashes, null, 2));
	say(`built in ${seconds(started)}`);
}

/**
 * Installs the packed package into <demo folder>/.n8n/nodes, where n8n keeps community packages
 * (what Settings → Community Nodes → Install does): npm pack, then npm install. Skipped when this
 * build is installed already.
 * @param {Record<string, string>} hashes
 */
async function installIfChanged(hashes) {
	const nodesDir = path.join(USER_FOLDER, '.n8n/nodes');
	const installedDir = path.join(nodesDir, 'node_modules', rt.PACKAGE.name);
	const build = JSON.stringify({ version: rt.PACKAGE.version, ...hashes });
	const installed = readJson(INSTALL_STAMP);
	if (installed && JSON.stringify(installed) === build && fs.existsSync(installedDir)) return;
	say(`installing ${rt.PACKAGE.name}@${rt.PACKAGE.version} into ${shown(nodesDir)}...`);
	const started = Date.now();
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
		);
	}
	const scope = cleanup.scope();
	try {
		const packDir = scope.folder('pack');
		const packed = await mustRun('npm pack', 'npm', [
			'pack',
			'--silent',
			'--pack-destination',
			packDir,
		]);
		const tarball = path.join(packDir, packed.trim().split('\n').pop() ?? '');
		fs.rmSync(INSTALL_STAMP, { force: true });
		await mustRun(
			'npm install',
			'npm',
			['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error', tarball],
			{ cwd: nodesDir },
		);
		fs.writeFileSync(INSTALL_STAMP, build);
	} finally {
		await scope.close();
	}
	say(`installed in ${seconds(started)}`);
}

/** The simulator keeps its port from one start to the next, so the demo credential stays valid. */
async function startSimulator() {
	const file = path.join(USER_FOLDER, 'simulator-port');
	const saved = Number(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : 0);
	const settings = { SIM_TASK_MS: process.env.SIM_TASK_MS ?? '15000', SIM_CLIP: CLIP };
	for (const port of [saved, await rt.freePort()].filter(Boolean)) {
		try {
			const sim = await rt.startSimulator({ ...settings, SIM_PORT: String(port) });
			simulator = sim.child;
			running.defer(() => stopChild(sim.child, 'SIGTERM', 5_000));
			fs.writeFileSync(file, String(port));
			return sim;
		} catch {
			// The saved port is taken: use a new one (the credential is updated below).
		}
	}
	throw new Error('the API simulator did not start');
}

/** @typedef {Awaited<ReturnType<typeof ensureN8n>>} Runtime */
/**
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {Awaited<ReturnType<typeof rt.startSimulator>>} sim
 */
async function ensureDemoCredential(runtime, env, sim) {
	const existing = await rt.exportCredential(runtime, env, DEMO_CREDENTIAL.id);
	const isOurs =
		existing &&
		existing.data?.apiKey === sim.apiKey &&
		/^http:\/\/127\.0\.0\.1:\d+$/.test(existing.data?.baseUrl ?? '');
	const current =
		existing?.data?.baseUrl === sim.baseUrl &&
		existing?.data?.allowedPrivateHosts === new URL(sim.fileUrl).host;
	if (existing && (!isOurs || current)) return;
	await rt.importJson(
		runtime,
		env,
		'credentials',
		rt.credentialJson(
			DEMO_CREDENTIAL.id,
			DEMO_CREDENTIAL.name,
			sim.baseUrl,
			sim.apiKey,
			sim.fileUrl,
		),
	);
}

/**
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 */
async function ensureDemoWorkflow(runtime, env) {
	// n8n prints the list through its logger: at info level.
	const list = await rt.n8nCli(runtime, { ...env, N8N_LOG_LEVEL: 'info' }, ['list:workflow']);
	if (list.stdout.split('\n').some((line) => line.startsWith(`${DEMO_WORKFLOW.id}|`))) return;
	await rt.importJson(runtime, env, 'workflow', DEMO_WORKFLOW);
}

/** n8n's CLI commands (export, list, import) run as children of this process: killed on stop. */
function killCliCommands() {
	const known = [...commands, n8n, simulator].map((child) => child?.pid);
	/** @type {Array<{ pid: number }>} */
	let children = [];
	try {
		children = cleanup.processesWhere(({ parent }) => parent === process.pid);
	} catch {
		// no /proc: the command ends by itself
	}
	for (const { pid } of children) if (!known.includes(pid)) kill(pid, 'SIGKILL');
}

/**
 * Sends `signal`; after `graceMs`, SIGKILL to its process group (or itself). Resolves on exit.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 * @param {number} graceMs
 */
async function stopChild(child, signal, graceMs, group = false) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	kill(child.pid, signal);
	const pid = child.pid ?? NaN;
	const timer = setTimeout(() => kill(group ? -pid : pid, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/**
 * n8n, in its own process group (so that stopping it stops its task runners), logging to a file.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 */
function startN8n(runtime, env) {
	if (fs.existsSync(N8N_LOG)) fs.renameSync(N8N_LOG, path.join(USER_FOLDER, 'n8n.previous.log'));
	const log = fs.openSync(N8N_LOG, 'a', 0o600);
	const child = spawn(runtime.bin, ['start'], {
		env,
		detached: true,
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	running.defer(async () => {
		// n8n finishes what it runs, then exits; its task runners go with its group.
		await stopChild(child, 'SIGTERM', 20_000, true);
		kill(-(child.pid ?? NaN), 'SIGKILL');
	});
	return child;
}

function logTail(lines = 15) {
	const text = fs.existsSync(N8N_LOG) ? fs.readFileSync(N8N_LOG, 'utf8') : '';
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * On a fresh n8n, sets up the owner account with the demo login; returns it, or undefined.
 * @param {string} base
 */
async function setUpOwner(base) {
	const settings = await (await fetch(`${base}/rest/settings`)).json();
	if (!settings.data?.userManagement?.showSetupOnFirstLoad) return undefined;
	const answer = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'veo3-npm-start' },
		body: JSON.stringify(DEMO_OWNER),
	});
	if (!answer.ok) throw new Error(`owner setup failed: ${answer.status} ${await answer.text()}`);
	return DEMO_OWNER;
}

/**
 * @param {Runtime} runtime
 * @param {string} link
 * @param {{ email: string, password: string } | undefined} owner
 */
function banner(runtime, link, owner) {
	const line = '='.repeat(78);
	return `${[
		'',
		line,
		`  n8n ${runtime.version} is running with ${rt.PACKAGE.name}. Open:`,
		'',
		`    ${link}`,
		'',
		owner
			? `  Sign in as ${owner.email}, password ${owner.password} (set up for this demo).`
			: `  Sign in as ${DEMO_OWNER.email}, password ${DEMO_OWNER.password} (set up by the first npm start; if you changed it, use yours).`,
		`  The workflow "${DEMO_WORKFLOW.name}" opens: click "Execute workflow";`,
		'  after about 15 s the Veo3 node shows the video (a 4 s test clip from the simulator).',
		`  The credential "${DEMO_CREDENTIAL.name}" points at the local simulator;`,
		'  put a real key and Base URL in it (see the README) to make real videos.',
		`  n8n's own log: ${shown(N8N_LOG)}`,
		'  Ctrl+C stops n8n and the simulator.',
		line,
		'',
	].join('\n')}\n`;
}

async function main() {
	// Ctrl+C, a process manager or `timeout` (SIGTERM), a closed terminal (SIGHUP).
	/** @type {Array<[NodeJS.Signals, string]>} */
	const names = [
		['SIGINT', 'Ctrl-C (SIGINT)'],
		['SIGTERM', 'SIGTERM'],
		['SIGHUP', 'SIGHUP'],
	];
	for (const [signal, name] of names) process.on(signal, () => stop(name, { signal }));
	// A closed terminal fails our writes (EIO): stopping goes on regardless.
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
	// npm gone (killed, or stopped by a signal it does not pass on): this process was handed to
	// another parent.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) stop('npm is gone');
	}, 500).unref();

	// VEO3_N8N_VERSION picks another pinned n8n (the editor test runs the demo on each).
	const version = process.env.VEO3_N8N_VERSION ?? rt.N8N_VERSIONS[0];
	say(
		`npm start: n8n ${version} with ${rt.PACKAGE.name}@${rt.PACKAGE.version} and the API simulator, in ${shown(USER_FOLDER)}/`,
	);
	const runtime = await step(ensureN8n(version));
	const hashes = buildInputHashes();
	if (process.env.VEO3_SKIP_BUILD !== '1') await step(buildIfChanged(hashes));
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	// Left by versions before 0.2: import files that held the demo key.
	for (const name of fs.readdirSync(USER_FOLDER).filter((file) => /^import-.*\.json$/.test(file)))
		fs.rmSync(path.join(USER_FOLDER, name));
	await step(installIfChanged(hashes));
	const port = Number(process.env.N8N_PORT ?? 5678);
	const env = await rt.n8nEnv(runtime, USER_FOLDER, port);
	fs.mkdirSync(env.N8N_RESTRICT_FILE_ACCESS_TO, { recursive: true });

	const sim = await step(startSimulator());
	say(`API simulator on ${sim.baseUrl}`);
	say("checking the demo credential and workflow with n8n's command line (about 15 s)...");
	const started = Date.now();
	await step(ensureDemoCredential(runtime, env, sim));
	await step(ensureDemoWorkflow(runtime, env));
	say(`checked in ${seconds(started)}`);

	say(`starting n8n ${runtime.version} on http://127.0.0.1:${port}; its log: ${shown(N8N_LOG)}`);
	const started8n = startN8n(runtime, env);
	n8n = started8n;
	const n8nExited = new Promise((resolve) =>
		started8n.once('exit', (code, signal) => resolve(code ?? signal)),
	);
	n8nExited.then((code) => {
		if (stopping) return;
		say(`n8n exited (${code}); the end of its log (${shown(N8N_LOG)}):\n${logTail()}`);
		stop('n8n exited');
	});
	const base = `http://127.0.0.1:${port}`;
	const n8nStarted = Date.now();
	await step(Promise.race([waitForEditor(base), n8nExited.then(() => new Promise(() => {}))]));
	say(`n8n is ready (${seconds(n8nStarted)})`);
	const owner = await step(setUpOwner(base));
	const link = `${base}/signin?redirect=${encodeURIComponent(`/workflow/${DEMO_WORKFLOW.id}`)}`;
	process.stdout.write(banner(runtime, link, owner));
}

main().catch((error) => {
	if (stopping) return;
	say(`npm start failed: ${error.message}`);
	if (process.env.VEO3_DEBUG) process.stderr.write(`${error.stack}\n`);
	stop('cleaning up');
});
