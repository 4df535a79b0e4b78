/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import { createParams, pause, run, seconds, useSimulator } from './support/sim';

const sim = useSimulator({ taskDurationMs: seconds(1.5) });
beforeEach(() => {
	sim.config.createHoldMs = 0;
});

const prompts = (...list: string[]) => list.map((prompt) => ({ json: { prompt } }));
/** Successes, a failure, a cancellation and tasks of different lengths, in input order. */
const MIXED = [
	'one',
	'two [fail]',
	'three [duration=300ms]',
	'four [cancel]',
	'five',
	'six [duration=2500ms]',
];

describe('many items', () => {
	test('mixed successes and failures come out in input order, each paired with its item', async () => {
		const result = await run(sim, {
			parameters: createParams({
				prompt: '={{ $json.prompt }}',
				advancedOptions: { concurrency: 3 },
			}),
			items: prompts(...MIXED),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
		expect(result.items.map((item) => item.json.status)).toEqual([
			'completed',
			'failed',
			'completed',
			'cancelled',
			'completed',
			'completed',
		]);
		for (const [i, item] of result.items.entries()) {
			const task = sim.tasks.get(String(item.json.taskId))!;
			expect(task.body.prompt).toBe(MIXED[i]);
		}
		expect(result.items[1].json.error).toMatch(/failed: The prompt was rejected/);
		expect(result.items[3].json.error).toMatch(/cancelled/);
	});

	test('the concurrency bound is never exceeded, and it is used', async () => {
		sim.config.createHoldMs = 150;
		await run(sim, {
			parameters: createParams({ waitForCompletion: false, advancedOptions: { concurrency: 3 } }),
			items: prompts('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'),
		});
		expect(sim.stats.tasksCreated).toBe(10);
		expect(sim.stats.maxCreatesInFlight).toBe(3);
	});

	test('concurrency 1 sends one create at a time', async () => {
		sim.config.createHoldMs = 50;
		await run(sim, {
			parameters: createParams({ waitForCompletion: false, advancedOptions: { concurrency: 1 } }),
			items: prompts('a', 'b', 'c', 'd'),
		});
		expect(sim.stats.maxCreatesInFlight).toBe(1);
	});

	test('Max Wait also bounds the wait for a free slot: a status check that could only start after it is not sent', async () => {
		// Concurrency 1: item 1's download hangs for its Request Timeout (10 s) and holds the only
		// slot, far past item 2's Max Wait (3 s).
		sim.inject('file', { hang: true });
		const result = await run(sim, {
			parameters: createParams({
				prompt: '={{ $json.prompt }}',
				downloadVideo: true,
				maxWaitSeconds: 3,
				advancedOptions: { concurrency: 1, requestTimeoutSeconds: 10 },
			}),
			items: [
				{ json: { prompt: 'quick [duration=1000ms]' } },
				{ json: { prompt: 'slow [duration=20000ms]' } },
			],
			continueOnFail: true,
		});
		const slow = [...sim.tasks.values()].find(
			(task) => task.body.prompt === 'slow [duration=20000ms]',
		)!;
		const checks = sim.requests('GET', `/v1/tasks/${slow.id}`);
		for (const check of checks)
			expect(check.at).toBeLessThanOrEqual(slow.createdAt + seconds(3 + 1));
		expect(result.items[1].json.error).toMatch(
			// Whether item 2 got one check through before item 1's download took the slot depends on
			// timing; either way the error names Max Wait and why no check was sent.
			/^Task task_\w+(:| did not finish) .*within 3 seconds .*no free request slot before the deadline/,
		);
	});

	test('five videos run together: every create is sent before the first task ends, and each is polled while the others run', async () => {
		// Ordered by events in the gateway's log, not by timing the run: a loaded machine cannot flake it.
		const params = createParams({ prompt: '={{ $json.prompt }} [duration=8000ms]' });
		const five = await run(sim, { parameters: params, items: prompts('a', 'b', 'c', 'd', 'e') });
		expect(five.error).toBeUndefined();
		expect(five.items.every((item) => item.json.status === 'completed')).toBe(true);
		const tasks = sim.newTasks();
		expect(tasks).toHaveLength(5);
		const firstEnd = Math.min(...tasks.map((task) => task.createdAt + task.durationMs));
		const creates = sim.requests('POST', '/v1/videos/generations');
		expect(creates.every((request) => request.at < firstEnd)).toBe(true);
		// One after the other, a task's first poll would come after the previous task ended.
		for (const task of tasks) {
			const firstPoll = sim.requests('GET', `/v1/tasks/${task.id}`)[0];
			expect(firstPoll.at).toBeLessThan(firstEnd + seconds(2));
		}
	});

	test('without continueOnFail the node fails after all tasks are accounted for, listing every task id', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: prompts('ok one', 'bad [fail]', 'ok two [duration=2500ms]', 'bad two [cancel]'),
		});
		const ids = sim.newTasks().map((task) => task.id);
		expect(ids).toHaveLength(4);
		expect(result.error?.message).toMatch(/^2 of 4 items failed; item 2: Task task_\w+ failed/);
		for (const id of ids) expect(result.error?.description).toContain(id);
		// The slow successful task was waited for, so its video link is in the error too.
		const slow = [...sim.tasks.values()].find(
			(task) => task.body.prompt === 'ok two [duration=2500ms]',
		)!;
		expect(result.error?.description).toContain(
			`task ${slow.id}: completed ${sim.fileUrl}/videos/${slow.id}_0.mp4`,
		);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	test('Get Task with many task ids waits for all of them together', async () => {
		const created = await run(sim, {
			parameters: createParams({ waitForCompletion: false }),
			items: prompts('a', 'b', 'c', 'd'),
		});
		const ids = created.items.map((item) => item.json.taskId);
		const result = await run(sim, {
			parameters: {
				operation: 'getTask',
				taskId: '={{ $json.taskId }}',
				waitForCompletion: true,
				pollIntervalSeconds: 1,
			},
			items: ids.map((taskId) => ({ json: { taskId } })),
		});
		expect(result.items.map((item) => item.json.taskId)).toEqual(ids);
		expect(result.items.every((item) => item.json.status === 'completed')).toBe(true);
		expect(result.ms).toBeLessThan(seconds(5));
	});

	test('cancellation mid-wait with many items stops everything within 1 s', async () => {
		const result = await run(sim, {
			// The next poll would be 15 s of real time away: only cancellation ends this quickly.
			parameters: createParams({
				prompt: 'long [duration=600000ms]',
				pollIntervalSeconds: 1,
				maxWaitSeconds: 3600,
			}),
			items: prompts('a', 'b', 'c', 'd', 'e', 'f'),
			cancelAfterMs: seconds(2.2),
		});
		expect(result.cancelledAt).toBeDefined();
		expect(result.finishedAt - result.cancelledAt!).toBeLessThan(1000);
		// Requests sent just before the stop may still be arriving: count after they have.
		await new Promise((resolve) => setTimeout(resolve, 100));
		const polls = sim.requests('GET', '/v1/tasks/').length;
		await pause(3);
		expect(sim.requests('GET', '/v1/tasks/').length).toBe(polls);
	});
});

describe('one gateway, many executions', () => {
	test("a 429 with Retry-After holds back the other executions' requests to the same gateway", async () => {
		// Execution A's create gets 429 with Retry-After 10 s (0.5 s of real time); execution B
		// starts 0.1 s later and must wait for the same gateway too.
		sim.inject('create', { status: 429, retryAfter: 10 });
		const a = run(sim, { parameters: createParams({ waitForCompletion: false }) });
		await new Promise((resolve) => setTimeout(resolve, 100));
		const b = run(sim, { parameters: createParams({ waitForCompletion: false }) });
		expect((await a).error).toBeUndefined();
		expect((await b).error).toBeUndefined();
		const [rateLimited, ...later] = sim.requests('POST', '/v1/videos/generations');
		expect(later).toHaveLength(2);
		for (const request of later)
			expect(request.at - rateLimited.at).toBeGreaterThanOrEqual(seconds(10) - 20);
	});
});
