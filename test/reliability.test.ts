/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import * as net from 'node:net';

import { binaryBuffer } from './support/harness';
import type { Simulator } from './support/sim';
import { createParams, run, seconds, useSimulator, visibleText } from './support/sim';

const sim = useSimulator();

const creates = () => sim.requests('POST', '/v1/videos/generations');
const polls = () => sim.requests('GET', '/v1/tasks/');

describe('status polls and downloads retry transient trouble', () => {
	test.each([
		[
			'429 with Retry-After',
			[
				{ status: 429, retryAfter: 0 },
				{ status: 429, retryAfter: 0 },
				{ status: 429, retryAfter: 0 },
			],
		],
		['429 without Retry-After', [{ status: 429 }, { status: 429 }]],
		['503', [{ status: 503 }, { status: 503, retryAfter: 0 }]],
		['dropped connections', [{ drop: 'before' as const }, { drop: 'before' as const }]],
	])('%s: the item still succeeds', async (_name, faults) => {
		sim.inject('task', ...faults);
		const result = await run(sim, { parameters: createParams() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
		expect(sim.stats.faultsServed.task).toBe(faults.length);
		// Each fault was answered once and retried, and a later status request saw the task finish.
		expect(polls().length).toBeGreaterThanOrEqual(faults.length + 1);
		expect(sim.stats.tasksCreated).toBe(1);
	});

	test('a hung status request is cut by the request timeout and retried', async () => {
		sim.inject('task', { hang: true });
		const result = await run(sim, {
			parameters: createParams({ advancedOptions: { requestTimeoutSeconds: 1 } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
		expect(sim.stats.faultsServed.task).toBe(1);
	});

	test('a hung gateway cannot hold the item past its wait budget', async () => {
		for (let i = 0; i < 20; i++) sim.inject('task', { hang: true });
		const result = await run(sim, { parameters: createParams({ maxWaitSeconds: 3 }) });
		// Hung requests are cut at the wait budget, not at the 60 s request timeout.
		expect(result.error?.message).toMatch(
			/Could not reach the gateway at http:\/\/127.0.0.1:\d+: no answer within the request timeout|did not finish|gave no readable status within 3 seconds \(last answer: no answer within the request timeout/,
		);
		expect(result.error?.description).toMatch(/task_\w+ is not lost|Get Task/);
		// The request timeout is 60 s: only the 3 s budget ends it this soon.
		expect(result.ms).toBeLessThan(seconds(20));
	});

	test('a download that breaks off mid-file is started again and arrives intact', async () => {
		sim.inject('file', { truncate: true });
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.error).toBeUndefined();
		const taskId = String(result.items[0].json.taskId);
		expect(
			(await binaryBuffer(result.items[0].binary!.data)).equals(sim.videoBytesFor(taskId)),
		).toBe(true);
		expect(sim.stats.faultsServed.file).toBe(1);
		expect(sim.fileLog).toHaveLength(2);
	});

	test('a download that keeps breaking off fails with a message that the video is paid for', async () => {
		for (let i = 0; i < 8; i++) sim.inject('file', { truncate: true });
		// Eight tries with back-off (minutes of the virtual clock).
		const result = await run(sim, {
			parameters: createParams({ downloadVideo: true, maxWaitSeconds: 300 }),
		});
		expect(sim.stats.faultsServed.file).toBe(8);
		expect(result.error?.message).toMatch(
			/^Download of the video for task task_\w+ from 127.0.0.1:\d+ failed: the connection broke off$/,
		);
		expect(result.error?.description).toMatch(/finished and paid for.*Get Task/);
	});

	test('a download that fails with 503 then works delivers intact bytes', async () => {
		sim.inject('file', { status: 503, retryAfter: 0 }, { drop: 'before' });
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.error).toBeUndefined();
		const taskId = String(result.items[0].json.taskId);
		expect(
			(await binaryBuffer(result.items[0].binary!.data)).equals(sim.videoBytesFor(taskId)),
		).toBe(true);
		expect(sim.stats.faultsServed.file).toBe(2);
	});
});

describe('the create call never bills twice', () => {
	test("another item's failure does not stop the resend of a create already sent: the task it made is found and named", async () => {
		// Item 1's create hangs after the gateway made its task; while item 1 waits to resend,
		// item 2's create is refused (402), which halts the run. Item 1's resend (same key) must
		// still go out: it is how its paid task is found, not a new purchase.
		sim.inject(
			'create',
			{ hang: true, afterEffect: true },
			{ status: 402, body: { code: 402, msg: 'Insufficient balance' } },
		);
		const result = await run(sim, {
			parameters: createParams({
				prompt: '={{ $json.prompt }}',
				waitForCompletion: false,
				advancedOptions: { concurrency: 1, requestTimeoutSeconds: 1 },
			}),
			items: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
			credentials: { idempotency: 'yes' },
		});
		const first = [...sim.tasks.values()].find((task) => task.body.prompt === 'first')!;
		expect(sim.stats.tasksCreated).toBe(1);
		expect(result.error?.description).toContain(`item 1: task ${first.id}`);
		expect(result.error?.description).toMatch(/item 2: no task: Insufficient balance \(402\)/);
	});

	test('429 on create is retried (nothing was created): one task per item', async () => {
		sim.inject(
			'create',
			{ status: 429, retryAfter: 0 },
			{ status: 429, retryAfter: 0 },
			{ status: 429, retryAfter: 0 },
		);
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(sim.stats.tasksCreated).toBe(2);
		expect(creates()).toHaveLength(5);
	});

	test.each([
		[
			'a 503 after the gateway created the task',
			{ status: 503, afterEffect: true },
			/\(HTTP 503\)/,
		],
		[
			'a connection dropped after the request was sent',
			{ drop: 'after' as const },
			/\(the connection was dropped\)/,
		],
		[
			'a timeout after the request was sent',
			{ hang: true, afterEffect: true },
			/\(no answer within the request timeout\)/,
		],
	])('%s: not resent, and the message says a task may exist', async (_name, fault, code) => {
		sim.inject('create', fault);
		const result = await run(sim, {
			parameters: createParams({ advancedOptions: { requestTimeoutSeconds: 1 } }),
		});
		expect(result.error?.message).toMatch(
			/^The create request failed after it was sent .*; a task may have been created and billed$/,
		);
		expect(result.error?.message).toMatch(code);
		expect(result.error?.description).toMatch(
			/did not send it again.*Check the task list or balance on the gateway's website \(no API lists tasks\)/,
		);
		expect(result.error?.description).toMatch(/Resubmit After Ambiguous Failure/);
		expect(creates()).toHaveLength(1);
		expect(sim.stats.tasksCreated).toBe(1);
	});

	test('with several items, an ambiguous failure on one creates no duplicate for any', async () => {
		sim.inject('create', { status: 502, afterEffect: true });
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(sim.stats.tasksCreated).toBe(3);
		expect(creates()).toHaveLength(3);
		expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
	});

	test('a connection refused before sending is retried until the gateway is up', async () => {
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(free));
			});
		});
		const late = (await import('./support/sim')).startSimulator;
		let lateSim: Simulator | undefined;
		const starting = new Promise<void>((resolve) =>
			setTimeout(async () => {
				lateSim = await late({ port });
				resolve();
			}, seconds(1)),
		);
		try {
			const result = await run(sim, {
				parameters: createParams({ waitForCompletion: false }),
				credentials: { baseUrl: `http://127.0.0.1:${port}` },
			});
			await starting;
			expect(result.error).toBeUndefined();
			expect(lateSim!.stats.tasksCreated).toBe(1);
			expect(lateSim!.requests('POST', '/v1/videos/generations')).toHaveLength(1);
		} finally {
			await starting;
			await lateSim?.stop();
		}
	});

	test('opting into resubmission resends after an ambiguous failure (documented double-billing risk)', async () => {
		// A gateway that ignores Idempotency-Key: the resend is a second, billed task.
		sim.config.honourIdempotency = false;
		try {
			sim.inject('create', { status: 503, afterEffect: true, retryAfter: 0 });
			const result = await run(sim, {
				parameters: createParams({
					waitForCompletion: false,
					advancedOptions: { resubmitOnAmbiguousFailure: true },
				}),
			});
			expect(result.error).toBeUndefined();
			expect(creates()).toHaveLength(2);
			expect(sim.stats.tasksCreated).toBe(2);
		} finally {
			sim.config.honourIdempotency = true;
		}
	});

	test('429 on every create attempt: gives up with the rate-limit message, nothing created', async () => {
		for (let i = 0; i < 4; i++) sim.inject('create', { status: 429, retryAfter: 0 });
		const result = await run(sim, { parameters: createParams() });
		expect(result.error?.message).toMatch(/^Rate limited by the gateway \(429\)/);
		expect(result.error?.description).toMatch(/Lower Concurrency/);
		expect(creates()).toHaveLength(4);
		expect(sim.stats.tasksCreated).toBe(0);
	});

	test('a create answer without a task ID says a task may have been billed', async () => {
		sim.inject('create', { status: 200, body: { code: 200, data: [] } });
		const result = await run(sim, { parameters: createParams() });
		expect(result.error?.message).toBe(
			'The gateway accepted the create request but returned no task ID; a task may have been created and billed',
		);
		expect(result.error?.description).toMatch(/may have been created and billed/);
		expect(creates()).toHaveLength(1);
	});

	test('after a failed create (no continueOnFail) later items are not submitted', async () => {
		sim.inject('create', { status: 402, body: { code: 402, msg: 'Insufficient balance' } });
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false, advancedOptions: { concurrency: 1 } }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(creates()).toHaveLength(1);
		expect(sim.stats.tasksCreated).toBe(0);
		expect(result.error?.message).toMatch(
			/^3 of 3 items failed; item 1: Insufficient balance \(402\)/,
		);
		expect(result.error?.description).toMatch(
			/item 2: no task: Not submitted because the create request of item 1 failed/,
		);
		expect(result.error?.description).toMatch(
			/item 3: no task: Not submitted because the create request of item 1 failed/,
		);
	});

	test('400 is not retried', async () => {
		sim.inject('create', {
			status: 400,
			body: { code: 400, error: { message: 'prompt violates policy' } },
		});
		const result = await run(sim, { parameters: createParams() });
		expect(result.error?.message).toBe(
			'The gateway rejected the request (400): prompt violates policy',
		);
		expect(creates()).toHaveLength(1);
	});
});

describe('base URL', () => {
	test.each([
		['a trailing slash', '/'],
		['a /v1 suffix', '/v1'],
		['a /v1/ suffix', '/v1/'],
	])('%s is handled', async (_name, suffix) => {
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			credentials: { baseUrl: `${sim.baseUrl}${suffix}` },
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].path).toBe('/v1/videos/generations');
	});

	test.each([['ftp://api.example.com'], ['api.example.com'], ['']])(
		'"%s" is refused before any request',
		async (baseUrl) => {
			const result = await run(sim, { parameters: createParams(), credentials: { baseUrl } });
			expect(result.error?.message).toMatch(
				/^Base URL in the Veo3 API credential must be an http\(s\) address/,
			);
			expect(sim.log).toHaveLength(0);
		},
	);
});

describe('the API key never leaks', () => {
	test('an API redirect is not followed (the key stays with the Base URL) and the error says where it pointed', async () => {
		sim.inject('task', { redirect: `${sim.fileUrl}/elsewhere/task` });
		const result = await run(sim, { parameters: createParams() });
		expect(sim.fileLog.filter((request) => request.path === '/elsewhere/task')).toHaveLength(0);
		expect(result.error?.message).toMatch(
			/^Task task_\w+: The gateway answered with a redirect \(302\): it pointed to http:\/\/127.0.0.1:\d+\/elsewhere\/task$/,
		);
		expect(result.error?.description).toMatch(/never follow redirects/);
	});

	test('absent from outputs and errors in every fault scenario, even when the gateway echoes it', async () => {
		const key = sim.config.apiKey;
		const scenarios: Array<() => Promise<{ items: unknown[]; error?: unknown }>> = [
			async () => await run(sim, { parameters: createParams({ downloadVideo: true }) }),
			async () => {
				sim.inject('create', { status: 400, body: { message: `bad request for key ${key}` } });
				return await run(sim, { parameters: createParams() });
			},
			async () => {
				sim.inject('create', { status: 503, afterEffect: true });
				return await run(sim, { parameters: createParams() });
			},
			async () => {
				sim.inject('create', { drop: 'after' });
				return await run(sim, { parameters: createParams() });
			},
			async () => await run(sim, { parameters: createParams({ prompt: 'x [fail]' }) }),
			async () =>
				await run(sim, { parameters: createParams({ prompt: 'x [fail]' }), continueOnFail: true }),
			async () => await run(sim, { parameters: { operation: 'getTask', taskId: 'task_missing' } }),
			async () =>
				await run(sim, {
					parameters: createParams({ prompt: 'slow [duration=9000ms]', maxWaitSeconds: 1 }),
				}),
			async () => await run(sim, { parameters: createParams({ prompt: '={{ "" }}' }) }),
			async () =>
				await run(sim, {
					parameters: createParams(),
					credentials: { baseUrl: 'http://127.0.0.1:9' },
				}),
		];
		for (const scenario of scenarios) {
			const result = await scenario();
			expect(visibleText(result)).not.toContain(key);
		}
		expect(sim.fileLog.length).toBeGreaterThan(0);
		for (const request of sim.fileLog) expect(JSON.stringify(request.headers)).not.toContain(key);
	}, 60_000);
});
