import { Veo3 } from '../nodes/Veo3/Veo3.node';

import { createParams, pause, run, seconds, useSimulator } from './support/sim';

const sim = useSimulator();

async function submit(prompt = 'a red fox in snow'): Promise<string> {
	const created = await run(sim, {
		parameters: createParams({ prompt, waitForCompletion: false }),
	});
	return String(created.items[0].json.taskId);
}

describe('Get Task', () => {
	test('any ID the gateway gives is accepted, sent as one percent-encoded path segment', async () => {
		const result = await run(sim, { parameters: { operation: 'getTask', taskId: 'task/01 ü' } });
		expect(result.error?.message).toBe('Task task/01 ü: no such task at this gateway (404)');
		expect(sim.requests('GET', '/v1/tasks/')[0].path).toBe('/v1/tasks/task%2F01%20%C3%BC');
	});

	test('without waiting: returns the current state at once', async () => {
		const taskId = await submit('a red fox in snow [duration=6000ms]');
		const result = await run(sim, { parameters: { operation: 'getTask', taskId } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ taskId, videoUrl: null, videoUrls: [] });
		expect(['pending', 'processing']).toContain(result.items[0].json.status);
		const get = sim.requests('GET', `/v1/tasks/${taskId}`);
		expect(get).toHaveLength(1);
		expect(get[0].query).toEqual({ language: 'en' });
	});

	test('with waiting: polls until completed and returns the video', async () => {
		// Long enough (in real time, too) to be still running when Get Task starts.
		const taskId = await submit('a red fox in snow [duration=6000ms]');
		const result = await run(sim, {
			parameters: {
				operation: 'getTask',
				taskId,
				waitForCompletion: true,
				pollIntervalSeconds: 1,
				maxWaitSeconds: 20,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ taskId, status: 'completed', progress: 100 });
		expect(result.items[0].json.videoUrl).toBe(`${sim.fileUrl}/videos/${taskId}_0.mp4`);
		// Get Task asks at once (the task may already be done), then again after the interval.
		expect(sim.requests('GET', `/v1/tasks/${taskId}`).length).toBeGreaterThanOrEqual(2);
	});

	test('a finished task answers with one request', async () => {
		const taskId = await submit();
		await pause(1.3);
		sim.clear();
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId, waitForCompletion: true, pollIntervalSeconds: 5 },
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(sim.requests('GET', '/v1/tasks/')).toHaveLength(1);
		// Waiting one Poll Interval (5 s) first would take longer.
		expect(result.ms).toBeLessThan(seconds(4));
	});

	test('waiting on an older task counts its estimate from the task creation time', async () => {
		const taskId = await submit('a slow one [duration=20000ms]');
		await pause(14);
		sim.clear();
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId, waitForCompletion: true, pollIntervalSeconds: 1 },
		});
		expect(result.items[0].json.status).toBe('completed');
		// About 6 s were left; counting 20 s from now would take 20 s and more requests. The gaps
		// grow with the time the node has watched (2 s at first), not with the gateway's "14 s old".
		expect(result.ms).toBeLessThan(seconds(13));
		expect(sim.requests('GET', '/v1/tasks/').length).toBeLessThanOrEqual(4);
	});

	test('without waiting a failed task is reported, not thrown', async () => {
		const taskId = await submit('x [fail]');
		await pause(1.3);
		const result = await run(sim, { parameters: { operation: 'getTask', taskId } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			taskId,
			status: 'failed',
			failReason: expect.stringContaining('safety filter'),
		});
		// `error` on an item is what n8n reads as a node failure (Retry On Fail, error output).
		expect(result.items[0].json).not.toHaveProperty('error');
		expect(result.items[0].error).toBeUndefined();
	});

	test('with waiting a failed task fails the item', async () => {
		const taskId = await submit('x [fail]');
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId, waitForCompletion: true, pollIntervalSeconds: 1 },
		});
		expect(result.error?.message).toBe(
			`Task ${taskId} failed: The prompt was rejected by the safety filter (content_policy)`,
		);
	});

	test('an ID the gateway does not know: no such task here (wrong ID, account or Base URL)', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId: 'task_made_up_123' },
		});
		// Named once, not "not lost", and no pointer to Get Task from Get Task.
		expect(result.error?.message).toBe('Task task_made_up_123: no such task at this gateway (404)');
		expect(result.error?.description).toBe(
			"The task ID is wrong, or the task was made with another account or Base URL: use the Veo3 API credential it was created with. No API lists tasks: the IDs are in the output of the Create Video that made them (taskId) and on the gateway's website.",
		);
		expect((result.error as { context?: { itemIndex?: number } })?.context?.itemIndex).toBe(0);
		expect(sim.requests('GET', '/v1/tasks/task_made_up_123')).toHaveLength(1);
	});

	test('the same when waiting: an unknown ID is not a replica lag to wait out', async () => {
		const result = await run(sim, {
			parameters: {
				operation: 'getTask',
				taskId: 'task_made_up_123',
				waitForCompletion: true,
				maxWaitSeconds: 60,
				pollIntervalSeconds: 1,
			},
		});
		expect(result.error?.message).toBe('Task task_made_up_123: no such task at this gateway (404)');
		expect(sim.requests('GET', '/v1/tasks/task_made_up_123')).toHaveLength(1);
	});

	test('with Continue On Fail, the item keeps the ID and the same message', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId: 'task_made_up_123' },
			continueOnFail: true,
		});
		expect(result.items[0].json).toEqual({
			taskId: 'task_made_up_123',
			error: 'Task task_made_up_123: no such task at this gateway (404)',
		});
	});
});

describe("Get Task's panel has its own tooltips", () => {
	const fields = new Veo3().description.properties.filter((property) =>
		property.displayOptions?.show?.operation?.includes('getTask'),
	);
	const text = (name: string) => fields.find((field) => field.name === name)?.description;

	test('Wait for Completion, Max Wait and Put Output File in Field speak of Get Task', () => {
		expect(text('waitForCompletion')).toBe(
			"Whether to wait until the task ends. When off, the node returns the task's current status and progress at once.",
		);
		expect(text('maxWaitSeconds')).toBe(
			'How long to wait for the task to end before the item fails with its last status. The task keeps running at the gateway; run this node again to look again.',
		);
		expect(text('binaryPropertyName')).toBe(
			'The binary property to put the video in. A task with several videos puts the others in this name with _1, _2, ... appended.',
		);
		for (const field of fields)
			expect(field.description ?? '').not.toMatch(/Get Task|Sample Count/);
	});
});
