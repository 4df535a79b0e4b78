'use strict';
// `npm run test:queue`: n8n in queue mode as people run it at scale: one main and two workers,
// each with this package installed in its own user folder, Redis and PostgreSQL (Debian's
// packages, started here on 127.0.0.1), binary data in `database` mode, against the API
// simulator. Checks that what the README's "Running at scale" section says holds.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const rt = require('./n8n-runtime');
const services = require('./services');
// The simulator is TypeScript (test/simulator/); this lets Node load it.
require('./typescript');
const { makeMp4 } = require('../test/simulator');
const {
	GOOD,
	workflow,
	veo3,
	create,
	webhook,
	callbackWorkflow,
	waitFor,
	simTasks,
	startN8n,
	waitForEditor,
	ownerRest,
	postWebhook,
	runData,
	storedTaskIds,
	checker,
	runOnVersions,
} = require('./workflows');

const VIDEO_BYTES = 200_000;
const WORKER_CONCURRENCY = 5;
const BATCH = 10;

/** Runs every check in n8n `version` in queue mode; returns [name, passed] pairs. */
async function queueOn(version) {
	const runtime = rt.ensureN8n(version);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-queue-'));
	fs.chmodSync(root, 0o755);
	const redisPort = await rt.freePort();
	const pgPort = await rt.freePort();
	const redis = await services.startRedis(redisPort, path.join(root, 'redis'));
	const postgres = await services.startPostgres(pgPort, path.join(root, 'postgres'));
	const sim = await rt.startSimulator({
		SIM_TASK_MS: '3000',
		SIM_VIDEO_BYTES: String(VIDEO_BYTES),
	});
	const processes = [];
	const { results, check } = checker(`queue, n8n ${version}`);
	try {
		// Every process: its own user folder with the package installed, the same database,
		// Redis and encryption key.
		const mainPort = await rt.freePort();
		const base = `http://127.0.0.1:${mainPort}`;
		const processEnv = async (name, port) => {
			const userFolder = path.join(root, name);
			rt.installPackage(userFolder);
			return {
				...(await rt.n8nEnv(runtime, userFolder, port)),
				// Workers build `$execution.resumeUrl` (the callback address) from it, too.
				WEBHOOK_URL: `${base}/`,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				QUEUE_HEALTH_CHECK_PORT: String(await rt.freePort()),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pgPort),
				DB_POSTGRESDB_DATABASE: 'postgres',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: 'n8n',
				N8N_ENCRYPTION_KEY: 'veo3-queue-test-encryption-key',
				N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			};
		};
		const mainEnv = await processEnv('main', mainPort);

		// Workflows and the credential go into the shared database before anything starts.
		await rt.importJson(
			runtime,
			mainEnv,
			'credentials',
			rt.credentialJson(GOOD.id, GOOD.name, sim.baseUrl, sim.apiKey, sim.fileUrl),
		);
		const prompts = Array.from({ length: BATCH }, (_, i) => ({
			prompt: `a queue-mode video number ${i + 1}`,
		}));
		const workflows = [
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
		for (const wf of workflows) {
			await rt.importJson(runtime, mainEnv, 'workflow', wf);
			const published = await rt.activateWorkflow(runtime, mainEnv, wf.id);
			assert.equal(published.code, 0, published.stdout + published.stderr);
		}

		const main = startN8n(runtime, mainEnv, ['start']);
		processes.push(['main', main]);
		const workers = [];
		for (const name of ['worker1', 'worker2']) {
			const worker = startN8n(runtime, await processEnv(name), [
				'worker',
				`--concurrency=${WORKER_CONCURRENCY}`,
			]);
			workers.push(worker);
			processes.push([name, worker]);
		}
		await waitForEditor(base);
		for (const worker of workers)
			await waitFor(
				'the worker to be ready',
				() => /Worker ready|n8n worker is now ready/i.test(worker.log),
				120_000,
			);
		const rest = await ownerRest(base);
		const workerOf = (executionId) => {
			const line = new RegExp(`Worker started execution ${executionId} \\(`);
			return workers.findIndex((worker) => line.test(worker.log));
		};
		const executionsOf = async (workflowId) => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			return (await rest('GET', `/executions?filter=${filter}&limit=100`)).results;
		};
		const finished = async (workflowId, count, timeoutMs = 120_000) =>
			await waitFor(
				`${count} finished executions of ${workflowId}`,
				async () => {
					const list = await executionsOf(workflowId);
					return (
						list.filter(
							(execution) =>
								execution.finished ||
								['success', 'error', 'canceled', 'crashed'].includes(execution.status),
						).length >= count && list
					);
				},
				timeoutMs,
			);
		/** Downloads a binary through the main, as the editor's binary viewer does. */
		const binaryFromMain = async (binary) => {
			const query = new URLSearchParams({
				id: binary.id,
				action: 'download',
				fileName: binary.fileName,
				mimeType: binary.mimeType,
			});
			const response = await rest('GET', `/binary-data?${query}`, undefined, { raw: true });
			assert.equal(response.status, 200, `the main answered ${response.status} for ${binary.id}`);
			return Buffer.from(await response.arrayBuffer());
		};

		await check(
			`a webhook-started batch of ${BATCH} videos runs on a worker; every video is stored in the database and readable from the main`,
			async () => {
				await postWebhook(base, 'veo3-queue-batch', {});
				const [execution] = await finished('veo3queuebatch1', 1);
				assert.equal(execution.status, 'success', JSON.stringify(execution));
				assert.notEqual(workerOf(execution.id), -1, 'a worker ran the execution');
				const full = await rest('GET', `/executions/${execution.id}`);
				const items = runData(runtime, full).runData.Veo3[0].data.main[0];
				assert.equal(items.length, BATCH);
				for (const item of items) {
					assert.equal(item.json.status, 'completed');
					assert.match(item.binary.data.id, /^database:/, 'stored in database mode');
					const bytes = await binaryFromMain(item.binary.data);
					assert.ok(
						bytes.equals(makeMp4(VIDEO_BYTES, `${item.json.taskId}_0`)),
						`the video of ${item.json.taskId} read from the main`,
					);
				}
			},
		);

		await check(
			`${2 * WORKER_CONCURRENCY} concurrent webhook calls spread over both workers`,
			async () => {
				const calls = 2 * WORKER_CONCURRENCY;
				await Promise.all(
					Array.from({ length: calls }, (_, i) =>
						postWebhook(base, 'veo3-queue-spread', { prompt: `spread ${i}` }),
					),
				);
				const list = await finished('veo3queuespread', calls);
				assert.ok(
					list.every((execution) => execution.status === 'success'),
					JSON.stringify(list.map((e) => e.status)),
				);
				const perWorker = [0, 0];
				for (const execution of list) perWorker[workerOf(execution.id)]++;
				rt.log(`executions per worker: ${perWorker.join(' and ')}`);
				assert.ok(perWorker[0] > 0 && perWorker[1] > 0, `executions per worker: ${perWorker}`);
			},
		);

		await check(
			'Stop from the main stops the node on the worker within 2 s; the stored execution names the task',
			async () => {
				const before = (await simTasks(sim)).length;
				await postWebhook(base, 'veo3-queue-stop', {});
				const running = await waitFor(
					'the running execution',
					async () => {
						const execution = (await executionsOf('veo3queuestop01')).find(
							(e) => e.status === 'running',
						);
						return execution && (await simTasks(sim)).length > before ? execution : undefined;
					},
					30_000,
				);
				const [task] = (await simTasks(sim)).slice(before);
				const worker = workers[workerOf(running.id)];
				assert.ok(worker, 'a worker runs it');
				const stoppedAt = Date.now();
				await rest('POST', `/executions/${running.id}/stop`);
				await waitFor(
					'the node on the worker to stop',
					() => worker.log.includes(`these tasks keep running at the gateway: ${task.id}`),
					10_000,
				);
				const took = Date.now() - stoppedAt;
				assert.ok(took < 2000, `the node stopped ${took} ms after Stop`);
				const polls = (await simTasks(sim)).find((t) => t.id === task.id).polls;
				// n8n saves a stopped execution at once, without waiting for the node's error (whose
				// message lists the tasks): the node has put their IDs into the execution's custom data.
				let last;
				const stored = await waitFor(
					'the stored execution to name the task',
					async () => {
						const execution = await rest('GET', `/executions/${running.id}`);
						const result = runData(runtime, execution);
						last = {
							status: execution.status,
							error: result.error?.message,
							taskIds: storedTaskIds(runtime, execution),
						};
						const named =
							result.error?.message?.includes(task.id) || last.taskIds.includes(task.id);
						return execution.status === 'canceled' && named && last;
					},
					15_000,
				).catch((error) => {
					throw new Error(`${error.message}; last stored: ${JSON.stringify(last)}`);
				});
				rt.log(`stored execution: ${JSON.stringify(stored)}`);
				await new Promise((resolve) => setTimeout(resolve, 2500));
				assert.equal(
					(await simTasks(sim)).find((t) => t.id === task.id).polls,
					polls,
					'no status request after the stop',
				);
			},
		);

		await check(
			'callback pattern: Create Video → Wait (offloaded to the database) → all workers restart → callback → a new worker runs Get Task and downloads the video',
			async () => {
				await postWebhook(base, 'veo3-queue-callback', {
					prompt: 'a sailing boat at dusk [duration=10000ms]',
				});
				let last;
				const waiting = await waitFor(
					'the execution to wait in the database',
					async () => {
						last = await executionsOf('veo3queuecallbk');
						return last.find((e) => e.status === 'waiting');
					},
					30_000,
				).catch((error) => {
					throw new Error(`${error.message}; executions: ${JSON.stringify(last)}`);
				});
				// A deploy while the video renders: every worker stops, a new one starts.
				await Promise.all(workers.map((worker) => worker.stop()));
				const fresh = startN8n(runtime, await processEnv('worker3'), [
					'worker',
					`--concurrency=${WORKER_CONCURRENCY}`,
				]);
				workers.push(fresh);
				processes.push(['worker3', fresh]);
				const [execution] = await finished('veo3queuecallbk', 1, 90_000);
				assert.equal(execution.id, waiting.id);
				assert.match(
					fresh.log,
					new RegExp(`Worker started execution ${execution.id} \\(`),
					'the new worker resumed it',
				);
				assert.equal(execution.status, 'success', JSON.stringify(execution));
				const report = await (await fetch(`${sim.baseUrl}/__sim/report`)).json();
				const delivered = report.callbacks.filter((callback) => callback.status === 200);
				assert.equal(delivered.length, 1, JSON.stringify(report.callbacks));
				assert.match(
					delivered[0].url,
					new RegExp(`^${base}/webhook-waiting/${execution.id}(\\?signature=\\w+)?/callback$`),
				);
				// Two pieces of work for the workers: up to the Wait node, and after the callback.
				const runs = workers.reduce(
					(n, worker) =>
						n +
						(worker.log.match(new RegExp(`Worker started execution ${execution.id} \\(`, 'g'))
							?.length ?? 0),
					0,
				);
				assert.equal(runs, 2, `the execution ran ${runs} times on workers`);
				const full = await rest('GET', `/executions/${execution.id}`);
				const [item] = runData(runtime, full).runData['Get Task'][0].data.main[0];
				assert.equal(item.json.taskId, delivered[0].taskId);
				const bytes = await binaryFromMain(item.binary.data);
				assert.ok(bytes.equals(makeMp4(VIDEO_BYTES, `${item.json.taskId}_0`)));
			},
		);
	} finally {
		const failed = results.some(([, ok]) => !ok) || !results.length;
		for (const [name, child] of processes) {
			await child.stop();
			if (failed)
				process.stderr.write(`\n----- ${name} log (end) -----\n${child.log.slice(-5000)}\n`);
		}
		sim.child.kill();
		await redis.stop();
		await postgres.stop();
		// Nothing is left behind: not the servers, not their data, not the n8n folders.
		fs.rmSync(root, { recursive: true, force: true });
	}
	return results;
}

async function main() {
	services.ensurePackages();
	rt.build();
	await runOnVersions('queue mode', 'VEO3_QUEUE_N8N', queueOn);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
