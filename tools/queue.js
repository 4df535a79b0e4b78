'use strict';
// `npm run test:queue`: n8n in queue mode as people run it at scale: one main and two workers,
// each with this package installed in its own user folder, Redis and PostgreSQL (Debian's
// packages, started here on 127.0.0.1), binary data in `database` mode, against the API
// simulator. Checks that what docs/SCALING.md ("Running at scale") says holds.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { runSuite } = require('./check-runner');
const rt = require('./n8n-runtime');
const {
	executionsOf,
	ownerRest,
	postWebhook,
	runData,
	storedExecution,
	storedTaskIds,
	waitForEditor,
} = require('./n8n-rest');
const services = require('./services');
const { simReport } = require('./sim-report');
const { stopWithWitness } = require('./stop-check');
// The simulator is TypeScript (test/simulator/); this lets Node load it.
require('./typescript');
const { makeMp4 } = require('../test/simulator');
const { waitFor } = require('./wait-for');
const { GOOD, callbackWorkflow, create, veo3, webhook, workflow } = require('./workflow-json');

const VIDEO_BYTES = 200_000;
const WORKER_CONCURRENCY = 5;
const BATCH = 10;

// ---------------------------------------------------------------------------------------------
// One n8n version's run: `startCluster` starts Redis, PostgreSQL, the simulator, a main and two
// workers; each check is a named function of the cluster; everything started is stopped by
// `cluster.scope`.
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Cluster One n8n version's queue-mode run.
 * @property {string} version
 * @property {import('./cleanup').Scope} scope
 * @property {import('./n8n-runtime').Runtime} runtime
 * @property {string} root the folder everything of the cluster lives in
 * @property {number} redisPort
 * @property {number} pgPort
 * @property {import('./n8n-runtime').Sim} sim
 * @property {string} base the main's address
 * @property {Array<[name: string, process: import('./n8n-runtime').N8nProcess]>} processes every n8n process started
 * @property {import('./n8n-runtime').N8nProcess[]} workers the workers, in the order started
 * @property {import('./n8n-rest').Rest} rest the main's REST API, signed in as the owner
 */

/** The workflows the checks start through their webhooks. */
function queueWorkflows() {
	const prompts = Array.from({ length: BATCH }, (_, i) => ({
		prompt: `a queue-mode video number ${i + 1}`,
	}));
	return [
		workflow('veo3queuebatch1', 'queue: webhook batch with downloads', [
			webhook('veo3queuebatch1', 'veo3-queue-batch'),
			{
				name: 'Prompts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompts }) },
			},
			{
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				parameters: { fieldToSplitOut: 'prompts', options: {} },
			},
			veo3('Veo3', create('={{ $json.prompt }}', { downloadVideo: true })),
		]),
		workflow('veo3queuespread', 'queue: one video per webhook call', [
			webhook('veo3queuespread', 'veo3-queue-spread'),
			veo3('Veo3', create('={{ $json.body.prompt }}')),
		]),
		workflow('veo3queuestop01', 'queue: stop while waiting', [
			webhook('veo3queuestop01', 'veo3-queue-stop'),
			veo3('Veo3', create('a very long film [duration=600000ms]', { maxWaitSeconds: 3600 })),
		]),
		// A Wait limit of 300 s: n8n offloads waits over 65 s to the database.
		callbackWorkflow('veo3queuecallbk', GOOD, 'veo3-queue-callback', 300),
	];
}

/**
 * Every n8n process of the cluster: its own user folder with the package installed, the same
 * database, Redis and encryption key.
 * @param {Omit<Cluster, 'rest'>} cluster
 * @param {string} name
 * @param {number} [port]
 */
async function processEnv(cluster, name, port) {
	const userFolder = path.join(cluster.root, name);
	rt.installPackage(userFolder);
	return {
		...(await rt.n8nEnv(cluster.runtime, userFolder, port)),
		// Workers build `$execution.resumeUrl` (the callback address) from it, too.
		WEBHOOK_URL: `${cluster.base}/`,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(cluster.redisPort),
		QUEUE_HEALTH_CHECK_PORT: String(await rt.freePort()),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(cluster.pgPort),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: 'n8n',
		N8N_ENCRYPTION_KEY: 'veo3-queue-test-encryption-key',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}

/**
 * Starts an n8n process of the cluster (`start` or `worker`), stopped with the run.
 * @param {Omit<Cluster, 'rest'>} cluster
 * @param {string} name
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} args
 */
function startProcess(cluster, name, env, args) {
	const child = rt.startN8n(cluster.runtime, env, args);
	cluster.processes.push([name, child]);
	cluster.scope.defer(() => child.stop());
	return child;
}

/**
 * @param {Omit<Cluster, 'rest'>} cluster
 * @param {string} name
 */
const startWorker = async (cluster, name) =>
	startProcess(cluster, name, await processEnv(cluster, name), [
		'worker',
		`--concurrency=${WORKER_CONCURRENCY}`,
	]);

/**
 * Redis, PostgreSQL, the simulator, the main and two workers of n8n `version`.
 * @param {string} version
 * @param {import('./cleanup').Scope} scope
 * @returns {Promise<Cluster>}
 */
async function startCluster(version, scope) {
	const runtime = rt.ensureN8n(version);
	const root = scope.folder('queue');
	fs.chmodSync(root, 0o755);
	const redisPort = await rt.freePort();
	const pgPort = await rt.freePort();
	await services.startRedis(redisPort, path.join(root, 'redis'), scope);
	await services.startPostgres(pgPort, path.join(root, 'postgres'), scope);
	const sim = await rt.startSimulator({
		SIM_TASK_MS: '3000',
		SIM_VIDEO_BYTES: String(VIDEO_BYTES),
	});
	scope.defer(() => sim.child.kill());
	const mainPort = await rt.freePort();
	const base = `http://127.0.0.1:${mainPort}`;
	/** @type {Omit<Cluster, 'rest'>} */
	const cluster = {
		version,
		scope,
		runtime,
		root,
		redisPort,
		pgPort,
		sim,
		base,
		processes: [],
		workers: [],
	};
	const mainEnv = await processEnv(cluster, 'main', mainPort);
	// Workflows and the credential go into the shared database before anything starts.
	await rt.importJson(
		cluster.runtime,
		mainEnv,
		'credentials',
		rt.credentialJson(GOOD.id, GOOD.name, sim.baseUrl, sim.apiKey, sim.fileUrl),
	);
	for (const wf of queueWorkflows()) {
		await rt.importJson(cluster.runtime, mainEnv, 'workflow', wf);
		const published = await rt.activateWorkflow(cluster.runtime, mainEnv, wf.id);
		assert.equal(published.code, 0, published.stdout + published.stderr);
	}
	startProcess(cluster, 'main', mainEnv, ['start']);
	for (const name of ['worker1', 'worker2']) cluster.workers.push(await startWorker(cluster, name));
	await waitForEditor(cluster.base);
	for (const worker of cluster.workers)
		await waitFor(
			'the worker to be ready',
			() => /Worker ready|n8n worker is now ready/i.test(worker.log),
			120_000,
		);
	const rest = await ownerRest(cluster.base);
	rt.log(`queue mode in n8n ${version}: main on ${cluster.base} and 2 workers ready`);
	return { ...cluster, rest };
}

/**
 * How many times each of `workers` logged starting `executionId`.
 * @param {import('./n8n-runtime').N8nProcess[]} workers
 * @param {string} executionId
 */
const runsOn = (workers, executionId) =>
	workers.map(
		(worker) =>
			worker.log.match(new RegExp(`Worker started execution ${executionId} \\(`, 'g'))?.length ?? 0,
	);

/**
 * The index of the worker that ran `executionId` (-1: none).
 * @param {Cluster} cluster
 * @param {string} executionId
 */
const workerOf = (cluster, executionId) =>
	runsOn(cluster.workers, executionId).findIndex((runs) => runs > 0);

/**
 * Waits for `count` finished executions of `workflowId`; resolves with the list.
 * @param {Cluster} cluster
 * @param {string} workflowId
 * @param {number} count
 */
async function finished(cluster, workflowId, count, timeoutMs = 120_000) {
	/** @param {import('./n8n-rest').ExecutionSummary} execution */
	const done = (execution) =>
		execution.finished || ['success', 'error', 'canceled', 'crashed'].includes(execution.status);
	return await waitFor(
		`${count} finished executions of ${workflowId}`,
		async () => {
			const list = await executionsOf(cluster.rest, workflowId);
			return list.filter(done).length >= count && list;
		},
		timeoutMs,
	);
}

/**
 * Downloads a binary through the main, as the editor's binary viewer does.
 * @param {Cluster} cluster
 * @param {import('./n8n-rest').BinaryData} binary
 */
async function binaryFromMain(cluster, binary) {
	const query = new URLSearchParams({
		id: binary.id,
		action: 'download',
		fileName: binary.fileName,
		mimeType: binary.mimeType,
	});
	const response = await cluster.rest.raw('GET', `/binary-data?${query}`);
	assert.equal(response.status, 200, `the main answered ${response.status} for ${binary.id}`);
	return Buffer.from(await response.arrayBuffer());
}

/** @param {Cluster} cluster */
async function batchRunsOnAWorkerStoredInTheDatabase(cluster) {
	await postWebhook(cluster.base, 'veo3-queue-batch', {});
	const [execution] = await finished(cluster, 'veo3queuebatch1', 1);
	assert.equal(execution.status, 'success', JSON.stringify(execution));
	assert.notEqual(workerOf(cluster, execution.id), -1, 'a worker ran the execution');
	const full = await storedExecution(cluster.rest, execution.id);
	const items = runData(cluster.runtime, full).runData.Veo3[0].data.main[0];
	assert.equal(items.length, BATCH);
	for (const item of items) {
		assert.equal(item.json.status, 'completed');
		const binary = item.binary?.data;
		assert.ok(binary, `${item.json.taskId} has its video`);
		assert.match(binary.id, /^database:/, 'stored in database mode');
		const bytes = await binaryFromMain(cluster, binary);
		assert.ok(
			bytes.equals(makeMp4(VIDEO_BYTES, `${item.json.taskId}_0`)),
			`the video of ${item.json.taskId} read from the main`,
		);
	}
}

/** @param {Cluster} cluster */
async function concurrentCallsSpreadOverBothWorkers(cluster) {
	const calls = 2 * WORKER_CONCURRENCY;
	await Promise.all(
		Array.from({ length: calls }, (_, i) =>
			postWebhook(cluster.base, 'veo3-queue-spread', { prompt: `spread ${i}` }),
		),
	);
	const list = await finished(cluster, 'veo3queuespread', calls);
	assert.ok(
		list.every((execution) => execution.status === 'success'),
		JSON.stringify(list.map((e) => e.status)),
	);
	const perWorker = [0, 0];
	for (const execution of list) perWorker[workerOf(cluster, execution.id)]++;
	rt.log(`executions per worker: ${perWorker.join(' and ')}`);
	assert.ok(perWorker[0] > 0 && perWorker[1] > 0, `executions per worker: ${perWorker}`);
}

/** What n8n's main writes on a Stop in queue mode (ManualExecutionCancelledError). */
const MAIN_CANCEL_MESSAGE = 'The execution was cancelled manually';

/**
 * The stored execution once it is cancelled and names `taskId` (in its error or custom data).
 *
 * n8n races here, not the node: on Stop in queue mode its main reads the execution, tells the
 * worker to stop, and writes the execution back as cancelled with the data it read before
 * (ExecutionService.stopInScalingMode → stopDuringRun), while the worker writes its own copy,
 * with the node's custom data, when it cancels the run. The last write wins. Usually the
 * worker's comes last; on a busy machine main's can, and then the stored execution is main's copy
 * from when the job was queued (its error is main's, and no node has run data, not even the
 * trigger, which every copy of the worker's has), which cannot name a task whatever the node did
 * (n8n 2.8.4 and 2.41.1 alike; the worker's log still names it, which the caller checks). That
 * case is reported, not failed; a copy of the worker's that does not name the task fails.
 * @param {Cluster} cluster
 * @param {string} executionId
 * @param {string} taskId
 */
async function storedCancelledExecutionNaming(cluster, executionId, taskId) {
	/** @type {{ status: string, error?: string, taskIds: string, nodesRun: string[] } | undefined} */
	let last;
	return await waitFor(
		'the stored execution to name the task',
		async () => {
			const execution = await storedExecution(cluster.rest, executionId);
			const result = runData(cluster.runtime, execution);
			last = {
				status: execution.status,
				error: result.error?.message,
				taskIds: storedTaskIds(cluster.runtime, execution),
				nodesRun: Object.keys(result.runData ?? {}),
			};
			const named = result.error?.message?.includes(taskId) || last.taskIds.includes(taskId);
			return execution.status === 'canceled' && named && last;
		},
		15_000,
	).catch((error) => {
		const mainsCopy =
			last?.status === 'canceled' &&
			last.error === MAIN_CANCEL_MESSAGE &&
			last.nodesRun.length === 0;
		if (!mainsCopy) throw new Error(`${error.message}; last stored: ${JSON.stringify(last)}`);
		rt.log(
			`n8n's main wrote the stopped execution after its worker (its copy from when the job was queued): the worker's log names the task; stored: ${JSON.stringify(last)}`,
		);
		return last;
	});
}

/** @param {Cluster} cluster */
async function stopFromTheMainReachesTheWorker(cluster) {
	/** @param {import('./n8n-runtime').N8nProcess} worker */
	const logged = (worker) =>
		worker.log.match(/these tasks keep running at the gateway: (\S+)/g) ?? [];
	/** @type {import('./n8n-runtime').N8nProcess | undefined} */
	let worker;
	await stopWithWitness({
		sim: cluster.sim,
		rest: cluster.rest,
		workflowId: 'veo3queuestop01',
		start: () => postWebhook(cluster.base, 'veo3-queue-stop', {}),
		// The worker that runs it logs the tasks once the node has stopped. What is stored now is
		// what n8n's main writes back on Stop (storedCancelledExecutionNaming): no node's run data.
		watchStop: async (execution) => {
			const storedBefore = runData(
				cluster.runtime,
				await storedExecution(cluster.rest, execution.id),
			);
			assert.deepEqual(Object.keys(storedBefore.runData ?? {}), [], 'stored before the Stop');
			const runner = cluster.workers[workerOf(cluster, execution.id)];
			assert.ok(runner, 'a worker runs it');
			worker = runner;
			const before = logged(runner).length;
			return async () =>
				void (await waitFor(
					'the node on the worker to stop',
					() => logged(runner).length > before,
					10_000,
				));
		},
		stoppedTask: async (execution, tasks) => {
			const lastLine = worker ? logged(worker).at(-1) : undefined;
			const task = tasks.find((t) => lastLine?.includes(t.id));
			assert.ok(task, `the worker names a task: ${lastLine}`);
			// n8n saves a stopped execution at once, without waiting for the node's error (whose
			// message lists the tasks): the node has put their IDs into the execution's custom data.
			const stored = await storedCancelledExecutionNaming(cluster, execution.id, task.id);
			rt.log(`stored execution: ${JSON.stringify(stored)}`);
			return task;
		},
	});
}

/** @param {Cluster} cluster */
async function callbackSurvivesAWorkerRestart(cluster) {
	await postWebhook(cluster.base, 'veo3-queue-callback', {
		prompt: 'a sailing boat at dusk [duration=10000ms]',
	});
	/** @type {import('./n8n-rest').ExecutionSummary[] | undefined} */
	let last;
	const waiting = await waitFor(
		'the execution to wait in the database',
		async () => {
			const list = await executionsOf(cluster.rest, 'veo3queuecallbk');
			last = list;
			return list.find((e) => e.status === 'waiting');
		},
		30_000,
	).catch((error) => {
		throw new Error(`${error.message}; executions: ${JSON.stringify(last)}`);
	});
	// A deploy while the video renders: every worker stops, a new one starts.
	await Promise.all(cluster.workers.map((worker) => worker.stop()));
	const fresh = await startWorker(cluster, 'worker3');
	cluster.workers.push(fresh);
	const [execution] = await finished(cluster, 'veo3queuecallbk', 1, 90_000);
	assert.equal(execution.id, waiting.id);
	assert.ok(runsOn([fresh], execution.id)[0] > 0, 'the new worker resumed it');
	assert.equal(execution.status, 'success', JSON.stringify(execution));
	const report = await simReport(cluster.sim);
	const delivered = report.callbacks.filter((callback) => callback.status === 200);
	assert.equal(delivered.length, 1, JSON.stringify(report.callbacks));
	assert.match(
		delivered[0].url,
		new RegExp(`^${cluster.base}/webhook-waiting/${execution.id}(\\?signature=\\w+)?/callback$`),
	);
	// Two pieces of work for the workers: up to the Wait node, and after the callback.
	const runs = runsOn(cluster.workers, execution.id).reduce((sum, n) => sum + n, 0);
	assert.equal(runs, 2, `the execution ran ${runs} times on workers`);
	const full = await storedExecution(cluster.rest, execution.id);
	const [item] = runData(cluster.runtime, full).runData['Get Task'][0].data.main[0];
	assert.equal(item.json.taskId, delivered[0].taskId);
	const binary = item.binary?.data;
	assert.ok(binary, 'Get Task has the video');
	const bytes = await binaryFromMain(cluster, binary);
	assert.ok(bytes.equals(makeMp4(VIDEO_BYTES, `${item.json.taskId}_0`)));
}

/** @type {import('./check-runner').CheckRow<Cluster>[]} */
const CHECKS = [
	[
		`a webhook-started batch of ${BATCH} videos runs on a worker; every video is stored in the database and readable from the main`,
		batchRunsOnAWorkerStoredInTheDatabase,
	],
	[
		`${2 * WORKER_CONCURRENCY} concurrent webhook calls spread over both workers`,
		concurrentCallsSpreadOverBothWorkers,
	],
	[
		"Stop from the main stops the node on the worker within 2 s; its log and the stored execution name the task (or main wrote it last: n8n's race, reported)",
		stopFromTheMainReachesTheWorker,
	],
	[
		'callback pattern: Create Video → Wait (offloaded to the database) → all workers restart → callback → a new worker runs Get Task and downloads the video',
		callbackSurvivesAWorkerRestart,
	],
];

/** @type {import('./check-runner').Suite<Cluster>} */
const SUITE = {
	kind: 'queue mode',
	versionsVariable: 'VEO3_QUEUE_N8N',
	setUp: startCluster,
	stages: [{ checks: CHECKS }],
	logs: (cluster) => cluster.processes.map(([name, child]) => [name, child.log]),
};

async function main() {
	services.ensurePackages();
	rt.build();
	await runSuite(SUITE);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
