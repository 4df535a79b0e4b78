'use strict';
// Redis and PostgreSQL for `npm run test:queue`, from Debian's packages, each started as a child
// process on 127.0.0.1 with its data in a temporary folder, and stopped with the test.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { log } = require('./n8n-runtime');

/** @param {string} command */
function has(command) {
	try {
		execFileSync('bash', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const version = fs
		.readdirSync(root)
		.filter((name) => /^\d+$/.test(name))
		.sort((a, b) => Number(b) - Number(a))[0];
	return version && fs.existsSync(path.join(root, version, 'bin/postgres'))
		? path.join(root, version, 'bin')
		: undefined;
}

/**
 * Installs Debian packages a test needs when they are missing: with apt-get as root (as CI
 * runs), otherwise it stops with the command to run.
 * @param {string[]} packages
 * @param {string} forWhat the script that needs them
 */
function aptInstall(packages, forWhat) {
	if (!packages.length) return;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${forWhat} needs ${packages.join(' and ')}: run  sudo apt-get install -y ${packages.join(' ')}`,
		);
	}
	log(`installing ${packages.join(', ')} from Debian (first time only)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env,
	});
}

/** Redis and PostgreSQL for test:queue. */
function ensurePackages() {
	aptInstall(
		[...(has('redis-server') ? [] : ['redis-server']), ...(postgresBin() ? [] : ['postgresql'])],
		'test:queue',
	);
}

/**
 * @param {number} port
 * @param {string} what
 */
async function waitForPort(port, what, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.end();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > until) throw new Error(`${what} did not start on port ${port}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * A started service: its output goes to `logFile`; `stop()` is SIGINT, then SIGKILL after 10 s.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 * @param {string} logFile
 */
function started(child, name, logFile) {
	const out = fs.createWriteStream(logFile);
	child.stdout?.pipe(out);
	child.stderr?.pipe(out);
	return {
		name,
		logFile,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGINT');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/**
 * Redis on `port` with its files in `dir`; stopped when `scope` closes (also while starting).
 * @param {number} port
 * @param {string} dir
 * @param {import('./cleanup').Scope} scope
 */
async function startRedis(port, dir, scope) {
	fs.mkdirSync(dir, { recursive: true });
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const service = started(child, 'redis', path.join(dir, 'redis.log'));
	scope.defer(() => service.stop());
	await waitForPort(port, 'Redis');
	return service;
}

/**
 * A throwaway PostgreSQL cluster (trust authentication on 127.0.0.1 only, user `n8n`, no fsync).
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user Debian creates.
 * Stopped when `scope` closes (also while starting).
 * @param {number} port
 * @param {string} dir
 * @param {import('./cleanup').Scope} scope
 */
async function startPostgres(port, dir, scope) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (services.ensurePackages installs it)');
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	/**
	 * @param {string} command
	 * @param {string[]} args
	 * @returns {[string, string[]]}
	 */
	const run = (command, args) =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
	const [initCommand, initArgs] = run(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	execFileSync(initCommand, initArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
	const [command, args] = run(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
	]);
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const service = started(child, 'postgres', path.join(dir, 'postgres.log'));
	// As root the child is runuser, and a signal to it does not reach postgres (it would keep
	// running, reparented to PID 1): pg_ctl stops the server itself.
	const [stopCommand, stopArgs] = run(path.join(bin, 'pg_ctl'), [
		'stop',
		'-D',
		data,
		'-m',
		'fast',
		'-w',
	]);
	const postgres = {
		...service,
		stop: async () => {
			if (child.exitCode === null) {
				try {
					execFileSync(stopCommand, stopArgs, { stdio: 'ignore', timeout: 30_000 });
				} catch {
					// Already stopping or gone: the child's own stop below makes sure.
				}
			}
			await service.stop();
		},
	};
	scope.defer(() => postgres.stop());
	await waitForPort(port, 'PostgreSQL');
	return postgres;
}

module.exports = { aptInstall, ensurePackages, startRedis, startPostgres };
