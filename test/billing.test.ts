/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Never pay twice, never lose a paid video: idempotent creates, n8n's Retry On Fail, Stop, the
// error output and continue-on-fail, each through n8n's own engine against the simulator.
import { createParams, run, seconds, useSimulator } from './support/sim';

const sim = useSimulator();

const creates = () => sim.requests('POST', '/v1/videos/generations');
const keysSent = () => creates().map((request) => request.headers['idempotency-key']);
const prompts = (...list: string[]) => list.map((prompt) => ({ json: { prompt } }));
const honours = { idempotency: 'yes' };
/** The simulator's tasks created by this test (the simulator keeps tasks across tests). */
const tasksOfThisTest = () => sim.newTasks();

describe('an ambiguous create failure at a gateway that honours Idempotency-Key', () => {
	test.each([
		['503 after the task was created', { status: 503, afterEffect: true }],
		['502 after the task was created', { status: 502, afterEffect: true }],
		['504 after the task was created', { status: 504, afterEffect: true }],
		['a connection dropped after the request was sent', { drop: 'after' as const }],
		['no answer within the request timeout', { hang: true, afterEffect: true }],
	])('%s: resent with the same key, exactly one task, the item succeeds', async (_name, fault) => {
		sim.inject('create', fault);
		const result = await run(sim, {
			parameters: createParams({ advancedOptions: { requestTimeoutSeconds: 2 } }),
			credentials: honours,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
		expect(sim.stats.tasksCreated).toBe(1);
		expect(creates()).toHaveLength(2);
		expect(keysSent()[0]).toMatch(/^n8n-veo3-[0-9a-f]{48}$/);
		expect(keysSent()[1]).toBe(keysSent()[0]);
		expect(result.items[0].json.taskId).toBe(tasksOfThisTest()[0].id);
	});

	test('with the credential saying the gateway does not honour keys: no resend, the billing warning', async () => {
		sim.inject('create', { status: 503, afterEffect: true });
		const result = await run(sim, {
			parameters: createParams(),
			credentials: { idempotency: 'no' },
		});
		expect(result.error?.message).toMatch(
			/^The create request failed after it was sent \(HTTP 503\); a task may have been created and billed$/,
		);
		expect(result.error?.description).toMatch(/did not send it again/);
		expect(creates()).toHaveLength(1);
	});

	test('a gateway that keeps failing: the resends stop within the budget and the error names the key', async () => {
		for (let i = 0; i < 4; i++) sim.inject('create', { status: 502 });
		const result = await run(sim, { parameters: createParams(), credentials: honours });
		expect(creates()).toHaveLength(4);
		expect(new Set(keysSent()).size).toBe(1);
		expect(result.error?.message).toMatch(
			/^The create request failed after it was sent \(HTTP 502\)/,
		);
		expect(result.error?.description).toContain(`same Idempotency-Key (${keysSent()[0]})`);
	});

	test('503 idempotency_unavailable means "not run": sent again even where keys are not honoured', async () => {
		sim.inject('create', {
			status: 503,
			body: { error: { code: 'idempotency_unavailable', message: 'try again' } },
		});
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			credentials: { idempotency: 'no' },
		});
		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(2);
		expect(sim.stats.tasksCreated).toBe(1);
	});

	test('409 idempotency_key_reused: a clear message that names the key and what to do', async () => {
		sim.inject('create', {
			status: 409,
			body: {
				error: {
					code: 'idempotency_key_reused',
					message: 'Idempotency-Key was used with another request body',
				},
			},
		});
		const result = await run(sim, { parameters: createParams(), credentials: honours });
		expect(result.error?.message).toBe(
			'The gateway refused a repeated create request (409): Idempotency-Key was used with another request body',
		);
		expect(result.error?.description).toContain(`Idempotency-Key ${keysSent()[0]}`);
		expect(result.error?.description).toMatch(
			/check the task list or balance on the gateway's website \(no API lists tasks\) before running the item again/,
		);
		expect(creates()).toHaveLength(1);
	});
});

describe('the key identifies one paid request', () => {
	test('different items and a new execution get new keys; the same execution re-run does not create again', async () => {
		await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: prompts('a', 'a'),
			executionId: 'exec-key-1',
		});
		await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: prompts('a', 'a'),
			executionId: 'exec-key-2',
		});
		const [first, second, third, fourth] = keysSent();
		expect(new Set([first, second, third, fourth]).size).toBe(4);
		expect(sim.stats.tasksCreated).toBe(4);
		// The same execution again (as n8n's Retry On Fail runs the node again): no new task.
		const again = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: prompts('a', 'a'),
			executionId: 'exec-key-1',
		});
		expect(sim.stats.tasksCreated).toBe(4);
		expect(creates()).toHaveLength(4);
		expect(again.items.map((item) => item.json.taskId)).toEqual(
			tasksOfThisTest()
				.slice(0, 2)
				.map((task) => task.id),
		);
	});
});

describe("n8n's node settings", () => {
	test('Retry On Fail: 3 items, one failing task, 3 tries → the good tasks once, the failed one tried again each time with a new key', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: prompts('one', 'two [fail]', 'three'),
			retryOnFail: true,
			maxTries: 3,
		});
		expect(result.error?.message).toMatch(/^Task task_\w+ failed/);
		// A failed task is refunded: each try buys it again; running and finished tasks are reused.
		expect(sim.stats.tasksCreated).toBe(5);
		const byPrompt = (prompt: string) =>
			creates().filter((request) => request.body.prompt === prompt);
		expect(byPrompt('one')).toHaveLength(1);
		expect(byPrompt('three')).toHaveLength(1);
		const retried = byPrompt('two [fail]').map((request) => request.headers['idempotency-key']);
		expect(new Set(retried).size).toBe(3);
	});

	test('Retry On Fail after an ambiguous failure, gateway not known to replay keys: the next try sends nothing (it could bill twice)', async () => {
		sim.inject('create', { drop: 'after' });
		const result = await run(sim, {
			parameters: createParams(),
			credentials: { idempotency: 'no' },
			retryOnFail: true,
			maxTries: 2,
		});
		expect(result.error?.message).toMatch(/earlier try .* a task may have been created and billed/);
		expect(result.error?.description).toMatch(/did not send it again/);
		expect(creates()).toHaveLength(1);
	});

	test('Retry On Fail after an ambiguous failure, gateway replays keys: the next try sends the same key, the gateway answers with the first task', async () => {
		sim.inject(
			'create',
			{ drop: 'after' },
			{ drop: 'after' },
			{ drop: 'after' },
			{ drop: 'after' },
		);
		const result = await run(sim, {
			parameters: createParams(),
			credentials: { idempotency: 'yes' },
			retryOnFail: true,
			maxTries: 2,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
		expect(sim.stats.tasksCreated).toBe(1);
		expect(new Set(keysSent()).size).toBe(1);
	});

	test('Retry On Fail: the last try fails before it buys (402), and its error names the task the first try bought', async () => {
		// The first create goes through ([fail]: the task fails, refunded); the next try's is refused.
		sim.inject('create', {}, { status: 402 });
		const result = await run(sim, {
			parameters: createParams({ prompt: 'a [fail]' }),
			retryOnFail: true,
			maxTries: 2,
		});
		const [first] = tasksOfThisTest();
		expect(creates()).toHaveLength(2);
		expect(result.error?.message).toBe(
			`Insufficient balance (402): injected 402 (the gateway also named task ${first.id} for this item; look it up with Get Task)`,
		);
	});

	test('Retry On Fail: a failed generation bought again; the good output names the first one too', async () => {
		sim.inject('task', {
			status: 200,
			body: { code: 200, data: { status: 'failed', error: { message: 'injected failure' } } },
		});
		const result = await run(sim, {
			parameters: createParams(),
			retryOnFail: true,
			maxTries: 2,
		});
		const [first, second] = tasksOfThisTest();
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			taskId: second.id,
			status: 'completed',
			otherTaskIds: [first.id],
		});
		expect(result.items[0].json.unnamedTaskWarning).toBeUndefined();
	});

	test('Retry On Fail after an ambiguous failure, resubmission opted in, the next try refused (402): its error still warns of the task the first may have made', async () => {
		sim.config.honourIdempotency = false;
		try {
			// The first try: dropped after the gateway created the task, then 402 for its resend.
			sim.inject('create', { drop: 'after' }, { status: 402 }, { status: 402 });
			const result = await run(sim, {
				parameters: createParams({ advancedOptions: { resubmitOnAmbiguousFailure: true } }),
				retryOnFail: true,
				maxTries: 2,
			});
			expect(sim.stats.tasksCreated).toBe(1);
			expect(creates()).toHaveLength(3);
			expect(result.error?.message).toBe(
				"Insufficient balance (402): injected 402 (an earlier try's request failed after it was sent: a task may have been created and billed that the gateway never named; check the task list or balance on the gateway's website (no API lists tasks))",
			);
		} finally {
			sim.config.honourIdempotency = true;
		}
	});

	test('Retry On Fail after an answer without a task ID, gateway not known to replay keys: the next try sends nothing (it could bill twice)', async () => {
		sim.config.honourIdempotency = false;
		try {
			sim.inject('create', { status: 200, body: { code: 200, data: [] }, afterEffect: true });
			const result = await run(sim, {
				parameters: createParams(),
				credentials: { idempotency: 'no' },
				retryOnFail: true,
				maxTries: 2,
			});
			expect(creates()).toHaveLength(1);
			expect(sim.stats.tasksCreated).toBe(1);
			expect(result.error?.message).toMatch(
				/earlier try .* a task may have been created and billed/,
			);
		} finally {
			sim.config.honourIdempotency = true;
		}
	});

	test('On Error "Continue (using error output)": failed items on the error output with their task IDs, good ones on the success output', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: prompts('one', 'two [fail]', 'three', 'four [cancel]'),
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['completed', 'completed']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.errorItems).toHaveLength(2);
		const ids = tasksOfThisTest()
			.filter((task) => /\[(fail|cancel)\]/.test(task.body.prompt))
			.map((task) => task.id);
		expect(result.errorItems[0].json.error).toMatch(
			new RegExp(`^Task ${ids[0]} failed: The prompt was rejected`),
		);
		expect(result.errorItems[1].json.error).toMatch(new RegExp(`^Task ${ids[1]} cancelled`));
		expect(result.errorItems.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
	});

	test('On Error "Continue (regular output)": failed items keep taskId and status in json', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: prompts('one', 'two [fail]'),
			continueOnFail: true,
		});
		expect(result.items[1].json).toMatchObject({
			status: 'failed',
			taskId: expect.stringMatching(/^task_/),
			error: expect.stringMatching(/failed/),
		});
		expect(result.items[1].json.failReason).toMatch(/safety filter/);
	});

	test('a wrong run-wide setting with continue-on-fail gives every item an error item, and sends nothing', async () => {
		const result = await run(sim, {
			parameters: createParams(),
			items: prompts('a', 'b', 'c'),
			credentials: { baseUrl: 'ftp://api.example.com' },
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		for (const [i, item] of result.items.entries()) {
			expect(item.json.error).toMatch(
				/^Base URL in the Veo3 API credential must be an http\(s\) address/,
			);
			expect(item.pairedItem).toEqual({ item: i });
		}
		expect(sim.log).toHaveLength(0);
	});

	test('Stop during submission of 10 items: no create starts after the stop, and the error lists every created task', async () => {
		sim.config.createHoldMs = 150;
		try {
			const result = await run(sim, {
				parameters: createParams({ advancedOptions: { concurrency: 2 } }),
				items: prompts('1', '2', '3', '4', '5', '6', '7', '8', '9', '10'),
				cancelAfterMs: 400,
			});
			expect(result.cancelledAt).toBeDefined();
			const started = creates();
			expect(started.length).toBeGreaterThan(0);
			expect(started.length).toBeLessThan(10);
			for (const request of started) expect(request.at).toBeLessThanOrEqual(result.cancelledAt!);
			expect(result.error?.message).toMatch(/^Execution cancelled; /);
			// Every task is named, or counted among the creates n8n cut off in flight.
			const named = tasksOfThisTest().filter((task) => result.error?.message.includes(task.id));
			const cutOff = Number(
				/; (\d+) create requests? (?:were|was) cut off in flight/.exec(
					result.error!.message,
				)?.[1] ?? 0,
			);
			expect(named.length + cutOff).toBeGreaterThan(0);
			// The cut-off requests make their tasks once the gateway is done with them.
			for (let i = 0; i < 100 && tasksOfThisTest().length < named.length + cutOff; i++)
				await new Promise((resolve) => setTimeout(resolve, 20));
			expect(named.length + cutOff).toBe(tasksOfThisTest().length);
		} finally {
			sim.config.createHoldMs = 0;
		}
	});
});

describe('the tasks are in the stored execution, not only in a log', () => {
	test('Stop while waiting: what n8n saves at once (before the node returns) holds every task ID in custom data', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: prompts('1 [duration=60000ms]', '2 [duration=60000ms]', '3 [duration=60000ms]'),
			cancelAfterMs: 300,
		});
		const ids = tasksOfThisTest().map((task) => task.id);
		expect(ids).toHaveLength(3);
		expect(result.saved?.status).toBe('canceled');
		// n8n saved without the node's run: the custom data is where the IDs are.
		expect(result.saved?.data.resultData.runData.Veo3).toBeUndefined();
		expect(result.saved?.data.resultData.metadata?.veo3_task_ids?.split(',').sort()).toEqual(
			[...ids].sort(),
		);
	});

	test('a long batch spills into a second key, never past the 255 characters n8n keeps', async () => {
		const result = await run(sim, {
			parameters: createParams(),
			items: prompts(...Array.from({ length: 14 }, (_, i) => `v${i}`)),
		});
		const ids = tasksOfThisTest().map((task) => task.id);
		const metadata = result.run.data.resultData.metadata ?? {};
		const stored = [metadata.veo3_task_ids, metadata.veo3_task_ids_2]
			.filter(Boolean)
			.join(',')
			.split(',');
		expect(stored.sort()).toEqual([...ids].sort());
		for (const value of Object.values(metadata)) expect(value.length).toBeLessThanOrEqual(255);
	});
});

describe('answers that say they failed', () => {
	test.each([
		[
			'HTTP 200 with code 402',
			{ code: 402, msg: 'Insufficient balance' },
			'Insufficient balance (402): Insufficient balance',
		],
		[
			'HTTP 200 with success false',
			{ success: false, message: 'model not available' },
			'The gateway rejected the request (400): model not available',
		],
	])(
		'%s is an error with the gateway message, not a billing warning',
		async (_name, body, message) => {
			sim.inject('create', { status: 200, body });
			const result = await run(sim, { parameters: createParams(), credentials: honours });
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).not.toMatch(/billed/);
			expect(creates()).toHaveLength(1);
		},
	);

	test('HTTP 500 build_request_failed is a rejected request: not resent, no billing warning', async () => {
		sim.inject('create', {
			status: 500,
			body: { error: { message: 'build_request_failed: seed out of range' } },
		});
		const result = await run(sim, { parameters: createParams(), credentials: honours });
		expect(result.error?.message).toBe(
			'The gateway rejected the request (500): build_request_failed: seed out of range',
		);
		expect(result.error?.description).toMatch(/Nothing was created/);
		expect(creates()).toHaveLength(1);
	});
});

test("the task's cost and credits are in the output", async () => {
	const result = await run(sim, { parameters: createParams({ options: { sampleCount: 2 } }) });
	expect(result.items[0].json).toMatchObject({ cost: 0.8, creditsCost: 8 });
	expect(Date.parse(String(result.items[0].json.expiresAt))).toBeGreaterThan(
		Date.now() + seconds(1),
	);
});
