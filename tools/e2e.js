'use strict';
// `npm run test:e2e`: runs workflows headlessly in a real n8n (2.8.4) that has this package
// installed as a community package, against the API simulator, and checks their output.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');

const { runSuite } = require('./check-runner');
const rt = require('./n8n-runtime');
const {
	ownerRest,
	postWebhook,
	storedExecution,
	storedTaskIds,
	waitForEditor,
} = require('./n8n-rest');
const { simFaults, simReport, simTasks } = require('./sim-report');
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
	PHOTOS,
	tag,
	cliWorkflows,
	serverWorkflows,
} = require('./e2e-workflows');

/** @type {import('./workflow-json').Workflow} */
const PRODUCT_PHOTOS_EXAMPLE = JSON.parse(
	fs.readFileSync(path.join(rt.ROOT, 'examples/product-photos-to-extended-video.json'), 'utf8'),
);

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

/**
 * A 1×1 PNG of one colour: a real image, a different file for each colour.
 * @param {[number, number, number]} rgb
 */
function onePixelPng([r, g, b]) {
	/**
	 * @param {string} type
	 * @param {Buffer} data
	 */
	const chunk = (type, data) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(zlib.crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		// 1×1, 8-bit RGB; one row: filter 0 and the pixel.
		chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
		chunk('IDAT', zlib.deflateSync(Buffer.from([0, r, g, b]))),
		chunk('IEND', Buffer.alloc(0)),
	]);
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
 * @property {Record<string, Buffer>} photos the PNGs the photo server serves, by name (PHOTOS)
 * @property {string} referenceFile what the reference-images workflow writes (Create's video)
 * @property {string} extendedFile what it writes from Extend Video
 * @property {(id: string) => Promise<import('./n8n-runtime').CliResult>} execute `n8n execute` of a workflow
 * @property {(id: string) => Promise<Executed>} executeOnce `n8n execute` of a workflow whose run
 *   several checks read: the first asks for it, the others get the same run
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
 * @property {string} extendCallbackFile what the Extend Video callback workflow writes
 */
/** @typedef {import('./check-runner').CheckRow<Run>} Check */
/**
 * @typedef {object} Executed A run of `n8n execute` and what the simulator saw.
 * @property {import('./n8n-runtime').CliResult} result
 * @property {import('./sim-report').SimReport} before its report before the run
 * @property {import('./sim-report').SimReport} after its report after the run
 */

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
	// Binary data on disk, on every version: n8n 3.0 keeps it only there (or in S3), n8n 1.85.4
	// would keep it in memory by default.
	env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	const filesDir = env.N8N_RESTRICT_FILE_ACCESS_TO;
	fs.mkdirSync(filesDir, { recursive: true });
	const sim = await rt.startSimulator({ SIM_TASK_MS: '2500', SIM_VIDEO_BYTES: '300000' });
	scope.defer(() => sim.child.kill());
	// Three product photos (PHOTOS: front, side, back), each a PNG of its own colour.
	/** @type {Record<string, Buffer>} */
	const photos = {};
	PHOTOS.forEach((name, i) => (photos[name] = onePixelPng([i * 100, 50, 200 - i * 100])));
	const photoServer = await listen({ scope }, (req, res) => {
		const photo = photos[/^\/(\w+)\.png$/.exec(req.url ?? '')?.[1] ?? ''];
		res.writeHead(photo ? 200 : 404, { 'content-type': photo ? 'image/png' : 'text/plain' });
		res.end(photo ?? 'not found');
	});
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
	/** @type {(id: string) => Promise<import('./n8n-runtime').CliResult>} */
	const execute = async (id) =>
		await rt.n8nCli(runtime, env, ['execute', `--id=${id}`, '--rawOutput']);
	/** @type {Map<string, Promise<Executed>>} */
	const executed = new Map();
	/** @param {string} id */
	const executeOnce = (id) => {
		const once =
			executed.get(id) ??
			(async () => {
				const before = await simReport(sim);
				const result = await execute(id);
				return { result, before, after: await simReport(sim) };
			})();
		executed.set(id, once);
		return once;
	};
	/** @type {Run} */
	const run = {
		version,
		scope,
		runtime,
		env,
		filesDir,
		sim,
		videoFile: path.join(filesDir, 'veo3-e2e.mp4'),
		photos,
		referenceFile: path.join(filesDir, 'veo3-e2e-reference.mp4'),
		extendedFile: path.join(filesDir, 'veo3-e2e-extended.mp4'),
		execute,
		executeOnce,
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
	const files = { ...run, photosUrl: photoServer.url };
	// One import for all of them: each `n8n import` is a start of n8n's command line.
	await rt.importJson(runtime, env, 'workflow', cliWorkflows(version, files));
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
	// Stored in n8n's filesystem binary mode (its ID names the mode), and read from there by Write File.
	assert.match(String(item.binary?.data.id), /^filesystem(-v2)?:/);
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

/**
 * The tasks a run created (so bought), oldest first.
 * @param {Executed} executed
 */
const tasksOf = ({ before, after }) => after.tasks.slice(before.tasks.length);
/**
 * The creates, remixes and uploads a run sent.
 * @param {Executed} executed
 */
const sentBy = ({ before, after }) => ({
	creates: after.requests.creates - before.requests.creates,
	remixes: after.requests.remixes - before.requests.remixes,
	uploads: after.requests.uploads - before.requests.uploads,
});

/**
 * The images a task was made with (its image_urls, uploads on the simulator's file host).
 * @param {import('./sim-report').SimTaskReport} task
 */
async function imagesOf(task) {
	return await Promise.all(
		(task.imageUrls ?? []).map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())),
	);
}

/** @param {Run} run */
async function referenceImagesFromBinaryReachWriteFile(run) {
	const executed = await run.executeOnce('veo3e2erefext01');
	const { result } = executed;
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Create');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
	assert.equal(sentBy(executed).uploads, 3, 'the three photos were uploaded');
	const [task] = tasksOf(executed);
	assert.equal(task?.id, item.json.taskId);
	assert.equal(task.model, 'veo3.1-fast');
	assert.equal(task.generationType, 'reference');
	assert.deepEqual(
		await imagesOf(task),
		PHOTOS.map((name) => run.photos[name]),
		'image_urls are the three photos, in their order',
	);
	assert.ok(
		fs.readFileSync(run.referenceFile).equals(makeMp4(300000, `${task.id}_0`)),
		'the written file has the video bytes',
	);
}

/** @param {Run} run */
async function extendVideoChainedByExpression(run) {
	const executed = await run.executeOnce('veo3e2erefext01');
	const { result } = executed;
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [created] = nodeItems(result.stdout, 'Create');
	const [item] = nodeItems(result.stdout, 'Extend');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
	assert.equal(item.binary?.data.fileName, `${item.json.taskId}.mp4`);
	assert.equal(sentBy(executed).remixes, 1);
	const extension = tasksOf(executed).find((task) => task.id === item.json.taskId);
	assert.ok(extension, `the simulator made ${item.json.taskId}`);
	assert.equal(extension.remixOf, created.json.taskId, 'it extends the video Create made');
	assert.equal(extension.model, 'veo3.1-fast');
	assert.equal(extension.videoSeconds, 15);
	assert.ok(
		fs.readFileSync(run.extendedFile).equals(makeMp4(300000, `${extension.id}_0`)),
		'the written file has the extended video',
	);
}

/** @param {Run} run */
async function outputGifArrivesAsAGif(run) {
	const executed = await run.executeOnce('veo3e2egif00001');
	const { result } = executed;
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Veo3');
	assert.equal(item.json.fileType, 'gif');
	assert.equal(item.binary?.data.mimeType, 'image/gif');
	assert.equal(item.binary?.data.fileName, `${item.json.taskId}.gif`);
	const [task] = tasksOf(executed);
	assert.equal(task?.id, item.json.taskId);
	assert.equal(task.gif, true, 'the create asked for a GIF');
}

/** @param {Run} run */
async function refusedFieldSendsNothing(run) {
	const executed = await run.executeOnce('veo3e2erefused1');
	const { result } = executed;
	assert.notEqual(result.code, 0);
	assert.match(
		result.stdout + result.stderr,
		/Seed: veo3\.1-fast does not take it; only the official models do/,
	);
	assert.deepEqual(sentBy(executed), { creates: 0, remixes: 0, uploads: 0 });
	assert.equal(tasksOf(executed).length, 0, 'no task was created');
}

/** @param {Run} run */
async function retryOnFailReusesTheExtension(run) {
	// The extension's first download gets a web page: that try fails after the extension was bought.
	const page = '<html><body>Service Unavailable</body></html>';
	await simFaults(run.sim, 'file', [{ serve: { contentType: 'text/html', body: page } }]);
	const executed = await run.executeOnce('veo3e2eextretry');
	const { result, before, after } = executed;
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [item] = nodeItems(result.stdout, 'Extend');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.data.mimeType, 'video/mp4');
	assert.equal(sentBy(executed).remixes, 1, 'one extension was bought');
	const extensions = tasksOf(executed).filter((task) => task.remixOf);
	assert.deepEqual(
		extensions.map((task) => task.id),
		[item.json.taskId],
	);
	assert.equal(after.videosServed - before.videosServed, 2, 'the web page, then the video');
	// The try that succeeded reused the extension an earlier try bought.
	assert.match(result.stdout, /Veo3: 0 videos bought, 1 task reused/);
}

/** @type {Check[]} */
const CLI_CHECKS = [
	[
		'text-to-video with waiting; the mp4, stored in filesystem binary mode, reaches the Write File node',
		textToVideoReachesWriteFile,
	],
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
	[
		'reference images from binary data (three HTTP Request downloads in one item) → Create Video on veo3.1-fast: three uploads, image_urls in order, the mp4 reaches Write File',
		referenceImagesFromBinaryReachWriteFile,
	],
	[
		'Extend Video chained by expression after Create Video on veo3.1-fast: one remix of that task, the 15 s video reaches Write File',
		extendVideoChainedByExpression,
	],
	['veo3.1-fast with Output GIF: the file arrives as image/gif, .gif', outputGifArrivesAsAGif],
	[
		'a field the model does not take (Seed on veo3.1-fast, the model by expression) fails the run: no upload, no create',
		refusedFieldSendsNothing,
	],
	[
		"Retry On Fail on Extend Video: the first try's download fails after the extension was bought; a later try reuses it, one remix",
		retryOnFailReusesTheExtension,
	],
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
	const extendCallbackFile = path.join(run.filesDir, 'veo3-extend-callback.mp4');
	const workflows = serverWorkflows({ callbackFile, lostFile, extendCallbackFile });
	// The example fetches n8n's own logo from the running n8n: run by `n8n execute` below.
	await rt.importJson(runtime, env, 'workflow', [...workflows, PRODUCT_PHOTOS_EXAMPLE]);
	for (const wf of workflows) {
		const published = await rt.activateWorkflow(runtime, env, wf.id);
		assert.equal(published.code, 0, published.stdout + published.stderr);
	}
	const server = rt.startN8n(runtime, { ...env, WEBHOOK_URL: `${base}/` }, ['start']);
	scope.defer(() => server.stop());
	// Set before it is ready: if it never is, its log is printed.
	run.served = /** @type {Served} */ ({
		base,
		server,
		lostSim,
		callbackFile,
		lostFile,
		extendCallbackFile,
	});
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
 * The Stop check of `n8n start` for `workflowId`, whose executions `start()` starts: stopped
 * within 2 s, and the saved execution and n8n's log name the task (`stoppedTask`'s check).
 * @param {Run} run
 * @param {string} workflowId
 * @param {() => Promise<void>} start
 * @param {(task: import('./sim-report').SimTaskReport) => void} [check] more about the task
 */
async function stopNamesTheTask(run, workflowId, start, check = () => {}) {
	const { rest, server } = served(run);
	await stopWithWitness({
		sim: run.sim,
		rest,
		workflowId,
		start,
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
			check(task);
			const line = `Veo3: Execution cancelled; these tasks keep running at the gateway: ${task.id}`;
			await waitFor('the log line', () => server.log.includes(line), 5000);
			return task;
		},
	});
}

/**
 * @param {Run} run
 * @param {number} typeVersion
 */
async function stopFromEditorNamesTheTask(run, typeVersion) {
	const { base } = served(run);
	await stopNamesTheTask(run, `veo3e2estop${tag(typeVersion)}`, () =>
		postWebhook(base, `veo3-e2e-stop-${tag(typeVersion)}`, { prompt: 'ignored' }),
	);
}

/**
 * A finished video of `model`, made straight at the simulator (not by n8n); its task ID.
 * @param {import('./n8n-runtime').Sim} sim
 * @param {string} model
 */
async function finishedVideo(sim, model) {
	const response = await fetch(`${sim.baseUrl}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model, prompt: 'a red kite over the sea' }),
	});
	const answer = await response.json();
	assert.equal(response.status, 200, JSON.stringify(answer));
	/** @type {string} */
	const id = answer.data[0].task_id;
	await waitFor(
		`task ${id} to finish`,
		async () =>
			Date.now() > ((await simTasks(sim)).find((t) => t.id === id)?.finishedAt ?? Infinity),
		30_000,
	);
	return id;
}

/** @param {Run} run */
async function stopDuringExtendNamesTheExtension(run) {
	const { base } = served(run);
	const original = await finishedVideo(run.sim, 'veo3.1-fast');
	await stopNamesTheTask(
		run,
		'veo3e2estopext1',
		() => postWebhook(base, 'veo3-e2e-stop-extend', { taskId: original }),
		(task) => assert.equal(task.remixOf, original, 'the task named is the extension'),
	);
}

/**
 * examples/product-photos-to-extended-video.json as shipped (its credential is the demo's, on
 * the simulator), run with `n8n execute` while `n8n start` serves the logo its Photo nodes
 * download (their URL is this n8n's own, from $execution.resumeUrl).
 * @param {Run} run
 */
async function productPhotosExampleRunsAsShipped(run) {
	const { base } = served(run);
	const before = await simReport(run.sim);
	// Its own task-runner port: the server holds the run's.
	const env = { ...run.env, N8N_RUNNERS_BROKER_PORT: String(await rt.freePort()) };
	const result = await rt.n8nCli(run.runtime, env, [
		'execute',
		`--id=${PRODUCT_PHOTOS_EXAMPLE.id}`,
		'--rawOutput',
	]);
	const after = await simReport(run.sim);
	assert.equal(result.code, 0, result.stderr + result.stdout);
	const [created] = nodeItems(result.stdout, 'Veo3: video from the photos');
	const [item] = nodeItems(result.stdout, 'Veo3: extend to 15 seconds');
	assert.equal(item.json.status, 'completed');
	assert.equal(item.binary?.video.mimeType, 'video/mp4');
	const executed = { result, before, after };
	assert.deepEqual(sentBy(executed), { creates: 1, remixes: 1, uploads: 3 });
	const [task, extension] = tasksOf(executed);
	assert.equal(task?.id, created.json.taskId);
	assert.equal(task.generationType, 'reference');
	const logo = Buffer.from(await (await fetch(`${base}/static/n8n-logo.png`)).arrayBuffer());
	assert.deepEqual(await imagesOf(task), [logo, logo, logo], "the photos are n8n's logo");
	assert.equal(extension?.id, item.json.taskId);
	assert.equal(extension.remixOf, task.id);
	assert.equal(extension.videoSeconds, 15);
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
async function extendCallbackResumesTheWaitNode(run) {
	const { base, extendCallbackFile } = served(run);
	const original = await finishedVideo(run.sim, 'veo3.1-fast');
	const t0 = Date.now();
	await postWebhook(base, 'veo3-e2e-extend-callback', { taskId: original });
	await waitFor('the extended video file', () => fs.existsSync(extendCallbackFile), 60_000);
	const seconds = (Date.now() - t0) / 1000;
	// The Wait limit is 300 s: only the callback can have resumed it this soon.
	assert.ok(seconds < 60, `took ${seconds} s`);
	const extension = (await simTasks(run.sim)).find((task) => task.remixOf === original);
	assert.ok(extension, `no extension of ${original}`);
	const report = await simReport(run.sim);
	const delivered = report.callbacks.filter(
		(callback) => callback.taskId === extension.id && callback.status === 200,
	);
	assert.equal(delivered.length, 1, JSON.stringify(report.callbacks));
	assert.ok(
		fs.readFileSync(extendCallbackFile).equals(makeMp4(300000, `${extension.id}_0`)),
		"the written file is the extension's video",
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
		"Stop from the editor while Extend Video waits: it stops within 2 s; the saved execution and n8n's log name the extension",
		stopDuringExtendNamesTheExtension,
	],
	[
		'examples/product-photos-to-extended-video.json runs as shipped (its photos from this n8n, the demo credential): three uploads, a reference-images video, its 15 s extension as a file',
		productPhotosExampleRunsAsShipped,
	],
	[
		'callback mode in n8n start: the gateway calls back, the Wait node resumes, Get Task downloads the video',
		callbackResumesTheWaitNode,
	],
	[
		'callback mode after Extend Video: Return = Task ID Only with the Callback URL, the gateway calls back for the extension, the Wait node resumes, Get Task downloads the extended video',
		extendCallbackResumesTheWaitNode,
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
