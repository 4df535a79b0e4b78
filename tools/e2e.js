'use strict';
// `npm run test:e2e`: runs workflows headlessly in a real n8n (2.8.4) that has this package
// installed as a community package, against the API simulator, and checks their output.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const { runSuite } = require('./check-runner');
const rt = require('./n8n-runtime');
const {
	ownerRest,
	postWebhook,
	storedExecution,
	storedTaskIds,
	waitForEditor,
} = require('./n8n-rest');
const { simReport, simTasks } = require('./sim-report');
const { stopWithWitness } = require('./stop-check');
// The simulator is TypeScript (test/simulator/); this lets Node load it.
require('./typescript');
const { makeMp4 } = require('../test/simulator');
const { waitFor } = require('./wait-for');
const { GOOD } = require('./workflow-json');
const {
	BAD,
	REDIRECTING,
	LLM_CREDENTIAL,
	DEMO,
	LOST,
	WEBSITE,
	NODE_VERSIONS,
	tag,
	cliWorkflows,
	serverWorkflows,
} = require('./e2e-workflows');

/**
 * The JSON items of a node's output in a run printed by `n8n execute --rawOutput`.
 * @param {string} stdout
 * @param {string} nodeName
 * @returns {import('./n8n-rest').Item[]}
 */
function nodeItems(stdout, nodeName, output = 0) {
	// n8n prints the run as pretty JSON after its log lines; it starts at a line that is just "{".
	const start = stdout.startsWith('{\n') ? 0 : stdout.indexOf('\n{\n') + 1;
	const end = stdout.lastIndexOf('\n}') + 2;
	const run = JSON.parse(stdout.slice(start, end));
	return run.data.resultData.runData[nodeName][0].data.main[output] ?? [];
}

// ---------------------------------------------------------------------------------------------
// One n8n version's run: `setUp` installs the package and imports credentials and workflows;
// the checks in CLI_CHECKS run workflows with `n8n execute`; `startServer` starts `n8n start`
// for the checks in SERVER_CHECKS (webhooks, the editor's REST API, callbacks). Each check is a
// named function of the run's context `run`; everything started is stopped by `run.scope`.
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Run One n8n version's e2e run.
 * @property {string} version
 * @property {import('./cleanup').Scope} scope
 * @property {import('./n8n-runtime').Runtime} runtime
 * @property {NodeJS.ProcessEnv} env
 * @property {string} filesDir where n8n may write files
 * @property {import('./n8n-runtime').Sim} sim
 * @property {string} videoFile what the text-to-video workflow writes
 * @property {(id: string) => Promise<import('./n8n-runtime').CliResult>} execute `n8n execute` of a workflow
 * @property {string[]} keysSeenElsewhere what reached the origin the redirecting gateway points at
 * @property {{ url: string }} elsewhere that origin
 * @property {Served} [served] `n8n start`, once `startServer` has started it
 */
/**
 * @typedef {object} Served `n8n start` and what its checks use.
 * @property {string} base its address
 * @property {import('./n8n-runtime').N8nProcess} server
 * @property {import('./n8n-rest').Rest} rest the editor's REST API, signed in as the owner
 * @property {import('./n8n-runtime').Sim} lostSim a simulator that loses callbacks
 * @property {string} callbackFile what the callback workflow writes
 * @property {string} lostFile what the lost-callback workflow writes
 */
/** @typedef {import('./check-runner').CheckRow<Run>} Check */

/**
 * A local HTTP server on 127.0.0.1 with `handler`, closed with the run; { url }.
 * @param {{ scope: import('./cleanup').Scope }} run
 * @param {http.RequestListener} handler
 */
async function listen(run, handler) {
	const server = http.createServer(handler);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	run.scope.defer(() => {
		server.closeAllConnections();
		server.close();
	});
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return { url: `http://127.0.0.1:${port}` };
}

/**
 * The run's context: n8n installed in a fresh user folder, the simulator, credentials, workflows.
 * @param {string} version
 * @param {import('./cleanup').Scope} scope
 * @returns {Promise<Run>}
 */
async function setUp(version, scope) {
	const runtime = rt.ensureN8n(version);
	rt.log(`e2e in n8n ${version}`);
	const userFolder = scope.folder('e2e');
	rt.installPackage(userFolder);
	const env = await rt.n8nEnv(runtime, userFolder);
	// `n8n execute` prints the run data through its logger at level info.
	env.N8N_LOG_LEVEL = 'info';
	const filesDir = env.N8N_RESTRICT_FILE_ACCESS_TO;
	fs.mkdirSync(filesDir, { recursive: true });
	const sim = await rt.startSimulator({ SIM_TASK_MS: '2500', SIM_VIDEO_BYTES: '300000' });
	scope.defer(() => sim.child.kill());
	// A gateway whose API redirects to another origin, which records any key sent to it.
	/** @type {string[]} */
	const keysSeenElsewhere = [];
	const elsewhere = await listen({ scope }, (req, res) => {
		keysSeenElsewhere.push(String(req.headers.authorization));
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({ code: 200, data: [{ status: 'submitted', task_id: 'task_elsewhere' }] }),
		);
	});
	const redirecting = await listen({ scope }, (req, res) => {
		res.writeHead(302, { location: `${elsewhere.url}${req.url}` });
		res.end();
	});
	/** @type {Run} */
	const run = {
		version,
		scope,
		runtime,
		env,
		filesDir,
		sim,
		videoFile: path.join(filesDir, 'veo3-e2e.mp4'),
		execute: async (id) => await rt.n8nCli(runtime, env, ['execute', `--id=${id}`, '--rawOutput']),
		keysSeenElsewhere,
		elsewhere,
	};
	await rt.importJson(runtime, env, 'credentials', [
		...rt.credentialJson(GOOD.id, GOOD.name, sim.baseUrl, sim.apiKey, sim.fileUrl),
		...rt.credentialJson(BAD.id, BAD.name, sim.baseUrl, 'sk-e2e-wrong-key-7f3a', sim.fileUrl),
		...rt.credentialJson(REDIRECTING.id, REDIRECTING.name, redirecting.url, sim.apiKey),
		...rt.credentialJson(DEMO.id, DEMO.name, sim.baseUrl, sim.apiKey, sim.fileUrl),
		{
			id: LLM_CREDENTIAL.id,
			name: LLM_CREDENTIAL.name,
			type: 'openAiApi',
			data: { apiKey: 'sk-fake-llm', url: `${sim.baseUrl}/llm/v1` },
		},
	]);
	for (const wf of cliWorkflows(version, run.videoFile))
		await rt.importJson(runtime, env, 'workflow', wf);
	return run;
}

// ----- Checks with `n8n execute` ---------------------------------------------------------------

/** @param {Run} run */
async function textToVideoReachesWriteFile(run) {
	const result = await run.execute('veo3e2etext0001');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Veo3');
	assert.equal(item.json.status, 'completed');
	assert.match(item.json.videoUrl, /\/videos\/task_\w+_0\.mp4$/);
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
	assert.equal(item.binary?.data.fileName, `${item.json.taskId}.mp4`);
	assert.ok(
		fs.readFileSync(run.videoFile).equals(makeMp4(300000, `${item.json.taskId}_0`)),
		'the written file has the video bytes',
	);
}

/**
 * n8n's SSRF protection exists from 2.12.
 * @param {Run} run
 */
function hasSsrfProtection({ version }) {
	const [major, minor] = version.split('.').map(Number);
	return major > 2 || (major === 2 && minor >= 12);
}

/** @param {Run} run */
async function ssrfProtectionAllowsOrBlocksTheGateway(run) {
	const ssrf = { ...run.env, N8N_SSRF_PROTECTION_ENABLED: 'true' };
	const args = ['execute', '--id=veo3e2etext0001', '--rawOutput'];
	const allowedEnv = { ...ssrf, N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' };
	const allowed = await rt.n8nCli(run.runtime, allowedEnv, args);
	assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
	const [item] = nodeItems(allowed.stdout, 'Veo3');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
	const before = (await simTasks(run.sim)).length;
	const blocked = await rt.n8nCli(run.runtime, ssrf, args);
	assert.notEqual(blocked.code, 0);
	const text = blocked.stdout + blocked.stderr;
	assert.match(text, /SSRF protection blocked the address/);
	assert.doesNotMatch(text, /billed/);
	assert.equal((await simTasks(run.sim)).length, before, 'no task was created');
}

/** @param {Run} run */
async function getTaskWaitsForANoWaitCreate(run) {
	const result = await run.execute('veo3e2enowait01');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [created] = nodeItems(result.stdout, 'Create');
	const [task] = nodeItems(result.stdout, 'Get Task');
	assert.equal(created.json.status, 'submitted');
	assert.equal(task.json.taskId, created.json.taskId);
	assert.equal(task.json.status, 'completed');
}

/** @param {Run} run */
async function failedTaskFailsTheExecution(run) {
	const result = await run.execute('veo3e2efailed01');
	assert.notEqual(result.code, 0);
	assert.match(
		result.stdout + result.stderr,
		/Task task_\w+ failed: The prompt was rejected by the safety filter/,
	);
}

/** @param {Run} run */
async function maxVideosPerRunSendsNothing(run) {
	const before = (await simTasks(run.sim)).length;
	const result = await run.execute('veo3e2elimit001');
	assert.notEqual(result.code, 0);
	assert.match(
		result.stdout + result.stderr,
		/This run would buy 2 videos \(1 item × Sample Count 2\); Max Videos per Run is 1\. Nothing was sent\./,
	);
	assert.equal((await simTasks(run.sim)).length, before, 'no task was created');
}

/** @param {Run} run */
async function getBalanceReturnsTheFigures(run) {
	const result = await run.execute('veo3e2ebalance1');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Veo3');
	const { remaining, used, unlimited } = item.json;
	// The simulator takes what the run's earlier checks bought off its 10.5 (and adds it to 2.3).
	assert.equal(unlimited, false);
	assert.ok(remaining <= 10.5 && used >= 2.3, JSON.stringify(item.json));
	assert.equal(Math.round((remaining + used) * 10_000) / 10_000, 12.8, JSON.stringify(item.json));
}

/** @param {Run} run */
async function costHintInExecutionData(run) {
	const result = await run.execute('veo3e2enowait01');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	assert.match(result.stdout, /Veo3: 1 video bought; cost not reported by the gateway/);
}

/** @param {Run} run */
async function wrongKeyFailsWithoutShowingIt(run) {
	const result = await run.execute('veo3e2ebadkey01');
	const text = result.stdout + result.stderr;
	assert.notEqual(result.code, 0);
	assert.match(text, /The API key was rejected \(401\)/);
	assert.ok(!text.includes('sk-e2e-wrong-key-7f3a'), 'the key is not printed');
}

/** @param {Run} run */
async function apiRedirectIsNotFollowed(run) {
	const result = await run.execute('veo3e2eredirect');
	assert.deepEqual(run.keysSeenElsewhere, [], 'nothing was sent to the other origin');
	assert.notEqual(result.code, 0);
	assert.match(
		result.stdout + result.stderr,
		new RegExp(
			`The gateway answered with a redirect \\(302\\)[^\\n]*${run.elsewhere.url}/v1/videos/generations`,
		),
	);
}

/** @param {Run} run */
async function aiAgentUsesVeo3AsATool(run) {
	const videosServed = async () => (await simReport(run.sim)).videosServed;
	const before = await videosServed();
	const result = await run.execute('veo3e2eagent001');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'AI Agent');
	assert.match(item.json.output, /\/videos\/task_\w+_0\.mp4/);
	assert.match(item.json.output, /completed/);
	assert.equal(await videosServed(), before, 'as a tool, Return defaults to the URL: no download');
}

/** @param {Run} run */
async function continueOnFailOutputsTheFailure(run) {
	const result = await run.execute('veo3e2econtinue');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Veo3');
	assert.equal(item.json.status, 'failed');
	assert.match(item.json.error, /failed: The prompt was rejected/);
}

/**
 * @param {Run} run
 * @param {number} typeVersion
 */
async function errorOutputGetsTheFailedItem(run, typeVersion) {
	const result = await run.execute(`veo3e2eerrout${tag(typeVersion)}`);
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const good = nodeItems(result.stdout, 'Veo3', 0);
	const failed = nodeItems(result.stdout, 'Veo3', 1);
	assert.equal(good.length, 1);
	assert.equal(good[0].json.status, 'completed');
	// Version 1.1 returns the video file by default, version 1 only the link: the node ran as that version.
	assert.equal(
		Boolean(good[0].binary?.data),
		typeVersion === 1.1,
		`binary: ${JSON.stringify(good[0].binary)}`,
	);
	assert.equal(failed.length, 1);
	assert.match(failed[0].json.error, /^Task task_\w+ failed: The prompt was rejected/);
}

/**
 * @param {Run} run
 * @param {number} typeVersion
 */
async function retryOnFailBuysTheGoodVideoOnce(run, typeVersion) {
	const before = (await simTasks(run.sim)).length;
	const result = await run.execute(`veo3e2eretry${tag(typeVersion)}`);
	assert.notEqual(result.code, 0);
	assert.match(result.stdout + result.stderr, /Task task_\w+ failed/);
	const created = (await simTasks(run.sim)).slice(before);
	const good = created.filter((task) => task.prompt === 'a windmill');
	const failed = created.filter((task) => task.prompt === 'forbidden [fail]');
	assert.equal(good.length, 1, `${good.length} tasks were created for the good item`);
	assert.equal(failed.length, 3, `${failed.length} tasks for the failing item in 3 tries`);
	// n8n did run the node 3 times: every try looked at the good task again.
	assert.ok(good[0].polls >= 3, `task ${good[0].id} was polled ${good[0].polls} times`);
}

/** @param {Run} run */
async function examplesImportAsTheyAre(run) {
	const examples = path.join(rt.ROOT, 'examples');
	for (const file of fs.readdirSync(examples).filter((name) => name.endsWith('.json'))) {
		const wf = JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8'));
		await rt.importJson(run.runtime, run.env, 'workflow', wf);
	}
}

/** @param {Run} run */
async function demoWorkflowRunsAsShipped(run) {
	const result = await run.execute('veo3DemoSimulat');
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Veo3');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
}

/** @type {Check[]} */
const CLI_CHECKS = [
	['text-to-video with waiting; the mp4 reaches the Write File node', textToVideoReachesWriteFile],
	[
		"with n8n's SSRF protection on: a local gateway allowed by N8N_SSRF_ALLOWED_IP_RANGES works; not allowed, nothing is sent and the message names the setting",
		ssrfProtectionAllowsOrBlocksTheGateway,
		hasSsrfProtection,
	],
	['no-wait Create Video, then Get Task waits for it', getTaskWaitsForANoWaitCreate],
	['a failed task fails the execution with the API reason', failedTaskFailsTheExecution],
	[
		'a run over Max Videos per Run sends no create and names the setting',
		maxVideosPerRunSendsNothing,
	],
	["Get Balance returns the simulator's figures", getBalanceReturnsTheFigures],
	['the run cost hint is in the execution data', costHintInExecutionData],
	[
		'a wrong key fails with an actionable 401 message, key not shown',
		wrongKeyFailsWithoutShowingIt,
	],
	[
		'an API answer that redirects is not followed: the item fails naming where it pointed; the key never reaches the other origin',
		apiRedirectIsNotFollowed,
	],
	[
		'an AI Agent calls Veo3 (version 1.1) as a tool: a video is created and its URL comes back, nothing is downloaded',
		aiAgentUsesVeo3AsATool,
	],
	['continue on fail turns the failure into an output item', continueOnFailOutputsTheFailure],
	...NODE_VERSIONS.flatMap(
		(typeVersion) =>
			/** @type {Check[]} */ ([
				[
					`On Error "Continue (using error output)" (node version ${typeVersion}): the failed item goes to the error output with its task ID`,
					(run) => errorOutputGetsTheFailedItem(run, typeVersion),
				],
				[
					`Retry On Fail (3 tries): the good video is bought once and reused, the failed (refunded) one is tried again each time (node version ${typeVersion})`,
					(run) => retryOnFailBuysTheGoodVideoOnce(run, typeVersion),
				],
			]),
	),
	['the example workflows import into n8n as they are', examplesImportAsTheyAre],
	['the npm start demo workflow runs as shipped', demoWorkflowRunsAsShipped],
];

// ----- Checks with `n8n start` -----------------------------------------------------------------

/**
 * Callback mode needs n8n running as a server: the Wait node's resume webhook is served by
 * `n8n start`, and the simulator calls it back as the gateway would. Imports and publishes the
 * webhook workflows (and a simulator that loses callbacks), then starts n8n: `run.served`.
 * @param {Run} run
 */
async function startServer(run) {
	const { runtime, env, scope } = run;
	const lostSim = await rt.startSimulator({
		SIM_TASK_MS: '2500',
		SIM_VIDEO_BYTES: '300000',
		SIM_DROP_CALLBACKS: '1',
	});
	scope.defer(() => lostSim.child.kill());
	const base = `http://127.0.0.1:${env.N8N_PORT}`;
	await rt.importJson(runtime, env, 'credentials', [
		...rt.credentialJson(LOST.id, LOST.name, lostSim.baseUrl, lostSim.apiKey, lostSim.fileUrl),
		// A Base URL that is a website (n8n's own editor pages), for the credential test.
		...rt.credentialJson(WEBSITE.id, WEBSITE.name, base, run.sim.apiKey),
	]);
	const callbackFile = path.join(run.filesDir, 'veo3-callback.mp4');
	const lostFile = path.join(run.filesDir, 'veo3-lost-callback.mp4');
	for (const wf of serverWorkflows(callbackFile, lostFile)) {
		await rt.importJson(runtime, env, 'workflow', wf);
		const published = await rt.activateWorkflow(runtime, env, wf.id);
		assert.equal(published.code, 0, published.stdout + published.stderr);
	}
	const server = rt.startN8n(runtime, { ...env, WEBHOOK_URL: `${base}/` }, ['start']);
	scope.defer(() => server.stop());
	// Set before it is ready: if it never is, its log is printed.
	run.served = /** @type {Served} */ ({ base, server, lostSim, callbackFile, lostFile });
	await waitForEditor(base);
	rt.log(`n8n ${run.version} serving on ${base}`);
	run.served.rest = await ownerRest(base);
}

/**
 * `n8n start` (the server checks run after `startServer`).
 * @param {Run} run
 */
function served(run) {
	if (!run.served?.rest) throw new Error('n8n start is not serving');
	return run.served;
}

/**
 * The editor's credential test, as the editor sends it: the stored ID and the form's values.
 * @param {Run} run
 * @param {import('./workflow-json').Credential} credential
 * @param {string} apiKey
 * @param {string} baseUrl
 * @returns {Promise<{ status: string, message: string }>}
 */
async function editorCredentialTest(run, credential, apiKey, baseUrl) {
	const { base, rest } = served(run);
	const response = await fetch(`${base}/rest/credentials/test`, {
		method: 'POST',
		headers: rest.headers,
		body: JSON.stringify({
			credentials: {
				id: credential.id,
				name: credential.name,
				type: 'veo3Api',
				data: { apiKey, baseUrl, idempotency: 'auto' },
			},
		}),
	});
	const text = await response.text();
	assert.equal(response.status, 200, text);
	return JSON.parse(text).data;
}

/** @param {Run} run */
async function credentialTestTellsGatewaysApart(run) {
	const { sim } = run;
	assert.deepEqual(await editorCredentialTest(run, GOOD, sim.apiKey, sim.baseUrl), {
		status: 'OK',
		message: 'Connection successful!',
	});
	const wrong = await editorCredentialTest(run, BAD, 'sk-e2e-wrong-key-7f3a', sim.baseUrl);
	assert.equal(wrong.status, 'Error');
	assert.match(wrong.message, /API key was rejected/);
	const website = await editorCredentialTest(run, WEBSITE, sim.apiKey, served(run).base);
	assert.equal(website.status, 'Error', JSON.stringify(website));
	assert.match(website.message, /does not look like a Veo3 API gateway/);
	// Another JSON API (an OpenAI-style gateway that does not serve /v1/tasks) fails too.
	const otherApi = await listen(run, (req, res) => {
		res.writeHead(404, { 'content-type': 'application/json' });
		const message = `Invalid URL (GET ${String(req.url).split('?')[0]})`;
		res.end(
			JSON.stringify({
				error: { message, type: 'invalid_request_error', param: null, code: null },
			}),
		);
	});
	const other = await editorCredentialTest(run, WEBSITE, sim.apiKey, otherApi.url);
	assert.equal(other.status, 'Error', JSON.stringify(other));
	assert.match(other.message, /does not serve the Veo3 task API/);
}

/**
 * @param {Run} run
 * @param {number} typeVersion
 */
async function stopFromEditorNamesTheTask(run, typeVersion) {
	const { base, rest, server } = served(run);
	await stopWithWitness({
		sim: run.sim,
		rest,
		workflowId: `veo3e2estop${tag(typeVersion)}`,
		start: () => postWebhook(base, `veo3-e2e-stop-${tag(typeVersion)}`, { prompt: 'ignored' }),
		watchStop: (execution) => async () =>
			void (await waitFor(
				'the execution to stop',
				async () => (await storedExecution(rest, execution.id)).status === 'canceled',
				10_000,
			)),
		// n8n saved the stopped execution without the node's error: its task is in its custom data.
		stoppedTask: async (execution, tasks) => {
			const stored = await storedExecution(rest, execution.id);
			const task = tasks.find((t) => storedTaskIds(run.runtime, stored).includes(t.id));
			assert.ok(task, `custom data names a task: ${JSON.stringify(stored.customData)}`);
			const line = `Veo3: Execution cancelled; these tasks keep running at the gateway: ${task.id}`;
			await waitFor('the log line', () => server.log.includes(line), 5000);
			return task;
		},
	});
}

/** @param {Run} run */
async function callbackResumesTheWaitNode(run) {
	const { base, callbackFile } = served(run);
	const t0 = Date.now();
	await postWebhook(base, 'veo3-e2e-callback', { prompt: 'a sailing boat at dusk' });
	await waitFor('the video file', () => fs.existsSync(callbackFile), 60_000);
	const seconds = (Date.now() - t0) / 1000;
	// The Wait limit is 300 s: only the callback can have resumed it this soon.
	assert.ok(seconds < 60, `took ${seconds} s`);
	const report = await simReport(run.sim);
	const delivered = report.callbacks.filter((callback) => callback.status === 200);
	assert.equal(delivered.length, 1, JSON.stringify(report.callbacks));
	// n8n 2.3x+ signs resume URLs (?signature=...); the gateway's appended /callback then lands in
	// that parameter, which n8n reads as the webhook suffix.
	assert.match(
		delivered[0].url,
		new RegExp(`^${base}/webhook-waiting/\\d+(\\?signature=\\w+)?/callback$`),
	);
	assert.ok(
		fs.readFileSync(callbackFile).equals(makeMp4(300000, `${delivered[0].taskId}_0`)),
		"the written file is the task's video",
	);
}

/** @param {Run} run */
async function lostCallbackEndsAtTheWaitLimit(run) {
	const { base, lostFile, lostSim } = served(run);
	const t0 = Date.now();
	await postWebhook(base, 'veo3-e2e-lost', { prompt: 'a lighthouse in fog' });
	// n8n's wait tracker looks for expired waits once a minute.
	await waitFor('the video file', () => fs.existsSync(lostFile), 150_000);
	const seconds = (Date.now() - t0) / 1000;
	assert.ok(seconds >= 8, `the Wait node let go after ${seconds} s, before its 8 s limit`);
	const report = await simReport(lostSim);
	assert.equal(report.tasks.length, 1);
	assert.deepEqual(
		report.callbacks.map((callback) => callback.status),
		['dropped'],
	);
	assert.ok(report.tasks[0].polls >= 1, 'Get Task asked the gateway for the task');
	assert.ok(fs.readFileSync(lostFile).equals(makeMp4(300000, `${report.tasks[0].id}_0`)));
}

/** @type {Check[]} */
const SERVER_CHECKS = [
	[
		"the credential test through n8n's REST endpoint (the editor's test): right key OK, wrong key, a website and another JSON API fail",
		credentialTestTellsGatewaysApart,
	],
	...NODE_VERSIONS.map(
		(typeVersion) =>
			/** @type {Check} */ ([
				`Stop from the editor while the node (version ${typeVersion}) waits: it stops within 2 s; the saved execution and n8n's log name the task`,
				(run) => stopFromEditorNamesTheTask(run, typeVersion),
			]),
	),
	[
		'callback mode in n8n start: the gateway calls back, the Wait node resumes, Get Task downloads the video',
		callbackResumesTheWaitNode,
	],
	[
		'a callback that never comes: the Wait limit ends the wait, Get Task still finds the task by its ID',
		lostCallbackEndsAtTheWaitLimit,
	],
];

/** @type {import('./check-runner').Suite<Run>} */
const SUITE = {
	kind: 'e2e',
	versionsVariable: 'VEO3_E2E_N8N',
	versions: [rt.OLDEST_N8N, ...rt.N8N_VERSIONS],
	setUp,
	stages: [{ checks: CLI_CHECKS }, { before: startServer, checks: SERVER_CHECKS }],
	logs: (run) => (run.served ? [['n8n start', run.served.server.log]] : []),
};

async function main() {
	rt.build();
	await runSuite(SUITE);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
