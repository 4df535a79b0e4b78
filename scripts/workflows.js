'use strict';
// Workflows and helpers shared by `npm run test:e2e` and `npm run test:queue`: building workflow
// JSON with our node, a running `n8n start`/`n8n worker` process, and the editor's REST API.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const cleanup = require('./cleanup');
const rt = require('./n8n-runtime');

const NODE_TYPE = `${rt.PACKAGE.name}.veo3`;
const GOOD = { id: 'veo3e2egood0001', name: 'Veo3 (simulator)' };

/** A workflow whose nodes run one after another. */
function workflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map((node, i) => ({
			id: `${id}-${i}`,
			position: [i * 220, 0],
			typeVersion: 1,
			parameters: {},
			...node,
		})),
	};
}

const veo3 = (name, parameters, credential = GOOD, extra = {}) => ({
	name,
	type: NODE_TYPE,
	parameters,
	credentials: { veo3Api: credential },
	...extra,
});
const create = (prompt, more = {}) => ({
	operation: 'createVideo',
	model: 'veo3.1-fast-official',
	prompt,
	pollIntervalSeconds: 1,
	maxWaitSeconds: 60,
	...more,
});
/**
 * Create Video parameters for node version 1 (as `create`) or 1.1, as n8n saves a new 1.1 node:
 * the model picker, Return left at Video File, the waiting settings (and `more`) in Options.
 */
const createFor = (typeVersion, prompt, more = {}) =>
	typeVersion === 1
		? create(prompt, more)
		: {
				operation: 'createVideo',
				modelId: { __rl: true, mode: 'id', value: 'veo3.1-fast-official' },
				prompt,
				options: { pollIntervalSeconds: 1, maxWaitSeconds: 60, ...more },
			};
/** A production webhook that answers at once (the run goes on without the caller). */
const webhook = (id, webhookPath) => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `${id}-hook`,
	parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
});

/**
 * The shipped callback example (examples/long-video-callback.json), pointed at a simulator
 * credential, with its own webhook path and a Wait limit; with `videoFile`, a Write File node
 * after Get Task saves the video.
 */
function callbackWorkflow(id, credential, webhookPath, waitLimitSeconds, videoFile) {
	const wf = JSON.parse(
		fs.readFileSync(path.join(rt.ROOT, 'examples/long-video-callback.json'), 'utf8'),
	);
	wf.id = id;
	wf.name = `e2e callback: ${webhookPath}`;
	for (const node of wf.nodes) {
		node.id = `${id}-${node.name}`;
		if (node.webhookId) node.webhookId = `${id}-${node.name}-hook`.replace(/\W/g, '-');
		if (node.credentials) node.credentials = { veo3Api: credential };
		if (node.name === 'Webhook') node.parameters.path = webhookPath;
		if (node.name === 'Create Video')
			Object.assign(node.parameters, { model: 'veo3.1-fast-official', resolution: '720p' });
		if (node.name === 'Wait for the Callback')
			Object.assign(node.parameters, { resumeAmount: waitLimitSeconds, resumeUnit: 'seconds' });
		if (node.name === 'Get Task')
			Object.assign(node.parameters, { maxWaitSeconds: 60, pollIntervalSeconds: 1 });
	}
	if (videoFile) {
		wf.nodes.push({
			id: `${id}-write`,
			name: 'Write File',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [960, 0],
			parameters: { operation: 'write', fileName: videoFile, dataPropertyName: 'data' },
		});
		wf.connections['Get Task'] = { main: [[{ node: 'Write File', type: 'main', index: 0 }]] };
	}
	return wf;
}

async function waitFor(what, test, timeoutMs) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await test();
		if (value) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * After Stop: no status request for the stopped task, checked against a witness (an execution of
 * the same workflow started with it and still running, on the same poll schedule) instead of a
 * fixed wait: once the witness has made two status requests since the stop, a poll loop the Stop
 * left running would have made one.
 */
async function assertNoPollAfterStop(sim, stoppedTaskId, witnessTaskId) {
	const pollsOf = async (id) => (await simTasks(sim)).find((task) => task.id === id).polls;
	const stopped = await pollsOf(stoppedTaskId);
	const witness = await pollsOf(witnessTaskId);
	await waitFor(
		'two status requests of the witness execution',
		async () => (await pollsOf(witnessTaskId)) >= witness + 2,
		60_000,
	);
	const after = await pollsOf(stoppedTaskId);
	if (after !== stopped)
		throw new Error(`no status request after the stop: ${after - stopped} were sent`);
}

/** The simulator's tasks (for counting what was created, i.e. billed). */
async function simTasks(sim) {
	const response = await fetch(`${sim.baseUrl}/__sim/report`);
	return (await response.json()).tasks;
}

/**
 * Starts a long-running n8n command (`start`, `worker`) in its own process group, so that
 * stopping it stops its task runners too. Its output is kept in `.log`.
 */
function startN8n(runtime, env, args) {
	cleanup.refuseIfInterrupted(`n8n ${args[0]}`);
	const child = spawn(runtime.bin, args, {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const server = { child, log: '' };
	child.stdout.on('data', (chunk) => (server.log += chunk));
	child.stderr.on('data', (chunk) => (server.log += chunk));
	const signal = (name) => {
		try {
			process.kill(-child.pid, name);
		} catch {
			// already gone
		}
	};
	server.kill = (name) => signal(name);
	// n8n shuts down gracefully on SIGTERM (up to 30 s); make sure it is gone.
	server.stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		signal('SIGTERM');
		const timer = setTimeout(() => signal('SIGKILL'), 35_000);
		await exited;
		clearTimeout(timer);
	};
	return server;
}

/** Resolves once n8n's REST API answers JSON (/healthz answers while n8n is still starting). */
async function waitForEditor(base, timeoutMs = 180_000) {
	await waitFor(
		'n8n to be ready',
		async () => {
			const answer = await fetch(`${base}/rest/settings`).catch(() => undefined);
			return answer?.ok && (answer.headers.get('content-type') ?? '').includes('json');
		},
		timeoutMs,
	);
}

const BROWSER_HEADERS = { 'content-type': 'application/json', 'browser-id': 'veo3-e2e-browser' };

/** A caller of the editor's REST API with a session cookie: `call(method, route, body)` → data. */
function restCaller(base, cookie) {
	const headers = { ...BROWSER_HEADERS, cookie };
	const call = async (method, route, body, { raw = false } = {}) => {
		const response = await fetch(`${base}/rest${route}`, {
			method,
			headers,
			body: body && JSON.stringify(body),
		});
		if (raw) return response;
		const text = await response.text();
		assert.equal(
			response.status,
			200,
			`${method} ${route}: ${response.status} ${text.slice(0, 300)}`,
		);
		return JSON.parse(text).data;
	};
	call.headers = headers;
	return call;
}

const sessionCookie = (response) => (response.headers.get('set-cookie') ?? '').split(';')[0];

/** Sets up the owner account and returns a caller of the editor's REST API, signed in as it. */
async function ownerRest(base) {
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: BROWSER_HEADERS,
		body: JSON.stringify({
			email: 'e2e@example.com',
			firstName: 'Veo',
			lastName: 'Three',
			password: 'Veo3-e2e-Password1',
		}),
	});
	assert.equal(setup.status, 200, await setup.text());
	return restCaller(base, sessionCookie(setup));
}

/** Signs in with `{ email, password }` and returns a caller of the editor's REST API. */
async function loginRest(base, login) {
	const answer = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: BROWSER_HEADERS,
		body: JSON.stringify({ emailOrLdapLoginId: login.email, password: login.password }),
	});
	assert.equal(answer.status, 200, await answer.text());
	return restCaller(base, sessionCookie(answer));
}

/**
 * Named checks for a test script: each logs PASS or FAIL with its time and is recorded in
 * `results`; VEO3_E2E_GREP=word runs only the checks whose names contain it.
 */
function checker(label, onFail = async () => {}) {
	const results = [];
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
			rt.log(`FAIL [${label}] ${name}: ${error.stack}`);
			await onFail(results.length).catch(() => {});
		}
	};
	return { results, check };
}

/**
 * What a run left behind: temporary folders it made (veo3-*) that still exist, and processes
 * still running that belong to them (their command line or environment names such a folder,
 * e.g. an n8n with N8N_USER_FOLDER there or PostgreSQL with its data there) or that are our
 * own simulator children.
 */
function leftovers(tmpBefore) {
	const tmp = os.tmpdir();
	const folders = fs
		.readdirSync(tmp)
		.filter((name) => name.startsWith('veo3-') && !tmpBefore.has(name))
		.map((name) => path.join(tmp, name));
	const processes = cleanup
		.processesWhere(
			({ cmdline, environ, parent }) =>
				folders.some((folder) => cmdline.includes(folder) || environ.includes(folder)) ||
				(parent === process.pid && cmdline.includes('scripts/simulator.js')),
		)
		.map(({ pid, cmdline }) => `${pid} ${cmdline}`);
	return { folders, processes };
}

/** Waits (up to 20 s: servers shut down gracefully) until nothing of the run is left. */
async function checkNothingLeft(kind, tmpBefore) {
	let left = leftovers(tmpBefore);
	for (let i = 0; i < 40 && (left.folders.length || left.processes.length); i++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		left = leftovers(tmpBefore);
	}
	const clean = !left.folders.length && !left.processes.length;
	process.stdout.write(
		clean
			? `[veo3] PASS [${kind}] nothing left behind: no temporary folder, no process\n`
			: `[veo3] FAIL [${kind}] left behind:\n${[...left.folders, ...left.processes].join('\n')}\n`,
	);
	return clean;
}

/**
 * Runs `runOn(version)` (which returns a checker's results) on each of the `pinned` n8n versions, or on
 * those listed in `process.env[versionsVariable]` (e.g. VEO3_E2E_N8N=2.8.4), then `afterPass()`
 * if every check passed, prints a summary and exits: 1 if any check failed or none ran.
 */
async function runOnVersions(
	kind,
	versionsVariable,
	runOn,
	afterPass = () => {},
	pinned = rt.N8N_VERSIONS,
) {
	cleanup.cleanUpOnInterrupt();
	const started = Date.now();
	const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
	const versions = process.env[versionsVariable]
		? process.env[versionsVariable].split(',')
		: pinned;
	const summary = [];
	for (const version of versions) {
		if (cleanup.interrupted()) break;
		const t0 = Date.now();
		// A run that fails before or between its checks (n8n does not start, an import fails)
		// counts as a failed check; what it started is stopped by its scope, and checked below.
		const results = await runOn(version).catch((error) => {
			rt.log(`FAIL [${kind}, n8n ${version}] the run stopped: ${error.stack}`);
			return [['the run', false]];
		});
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
	if (!anyFailed) await afterPass();
	for (const { version, passed, failed, seconds } of summary) {
		process.stdout.write(
			`${kind} in n8n ${version}: ${passed} passed, ${failed} failed (${seconds} s)\n`,
		);
	}
	process.stdout.write(`${kind} total: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
	process.exit(anyFailed ? 1 : 0);
}

/** POSTs to a production webhook, waiting until n8n has registered it. */
async function postWebhook(base, webhookPath, body) {
	const response = await waitFor(
		`webhook ${webhookPath}`,
		async () => {
			const answer = await fetch(`${base}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return answer.status === 404 ? undefined : answer;
		},
		60_000,
	);
	assert.equal(
		response.status,
		200,
		`webhook ${webhookPath}: ${response.status} ${await response.text()}`,
	);
}

/** An execution's `resultData` (n8n's REST API sends run data "flatted", as n8n stores it). */
function runData(runtime, execution) {
	const { parse } = require(path.join(runtime.dir, 'node_modules/flatted'));
	return parse(execution.data).resultData;
}

/**
 * The task IDs the node put into the execution's custom data, as n8n stored them: in the
 * execution_metadata table (REST `customData`) or in the run data (`resultData.metadata`).
 * Which one survives a Stop depends on the n8n version and mode.
 */
function storedTaskIds(runtime, execution) {
	const ids = [
		execution.customData?.veo3_task_ids,
		runData(runtime, execution).metadata?.veo3_task_ids,
	];
	return ids.filter(Boolean).join(',');
}

module.exports = {
	NODE_TYPE,
	GOOD,
	workflow,
	veo3,
	create,
	createFor,
	webhook,
	callbackWorkflow,
	waitFor,
	assertNoPollAfterStop,
	simTasks,
	startN8n,
	waitForEditor,
	ownerRest,
	loginRest,
	checker,
	runOnVersions,
	postWebhook,
	runData,
	storedTaskIds,
};
