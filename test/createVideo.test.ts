/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import { createParams, pause, run, seconds, useSimulator } from './support/sim';

const sim = useSimulator();

const creates = () => sim.requests('POST', '/v1/videos/generations');

describe('Create Video', () => {
	test('text-to-video waits and returns the video URL', async () => {
		const result = await run(sim, { parameters: createParams() });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const { json, pairedItem } = result.items[0];
		expect(pairedItem).toEqual({ item: 0 });
		expect(json.status).toBe('completed');
		expect(json.progress).toBe(100);
		expect(String(json.taskId)).toMatch(/^task_/);
		expect(json.videoUrl).toBe(`${sim.fileUrl}/videos/${json.taskId}_0.mp4`);
		expect(json.videoUrls).toEqual([json.videoUrl]);
		expect(Date.parse(String(json.expiresAt))).toBeGreaterThan(Date.now());
		expect((json.task as { id: string }).id).toBe(json.taskId);
		expect(creates()).toHaveLength(1);
		expect(creates()[0].body).toEqual({
			model: 'veo3.1-fast-official',
			prompt: 'a golden retriever running on the beach, sunset, cinematic',
			duration: 8,
			aspect_ratio: '16:9',
			resolution: '720p',
		});
		const polls = sim.requests('GET', '/v1/tasks/');
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.every((poll) => poll.query.language === 'en')).toBe(true);
		expect(creates()[0].headers.authorization).toBe(`Bearer ${sim.config.apiKey}`);
	});

	test('every field reaches the request body exactly, duration as a JSON number', async () => {
		const result = await run(sim, {
			parameters: createParams({
				model: 'veo3.1-quality-official',
				duration: 6,
				aspectRatio: '9:16',
				resolution: '1080p',
				firstFrameImage: 'https://images.example.com/first.png',
				lastFrameImage: 'https://images.example.com/last.png',
				options: {
					negativePrompt: 'blurry, watermark',
					seed: 4294967295,
					sampleCount: 2,
					generateAudio: false,
					personGeneration: 'disallow',
					resizeMode: 'crop',
					enhancePrompt: false,
				},
			}),
		});
		expect(result.error).toBeUndefined();
		const body = creates()[0].body;
		expect(body).toEqual({
			model: 'veo3.1-quality-official',
			prompt: 'a golden retriever running on the beach, sunset, cinematic',
			duration: 6,
			aspect_ratio: '9:16',
			resolution: '1080p',
			first_frame_image: 'https://images.example.com/first.png',
			last_frame_image: 'https://images.example.com/last.png',
			negative_prompt: 'blurry, watermark',
			seed: 4294967295,
			sample_count: 2,
			generate_audio: false,
			person_generation: 'disallow',
			resize_mode: 'crop',
			enhance_prompt: false,
		});
		expect(creates()[0].rawBody.toString()).toContain('"duration":6');
		expect(result.items[0].json.videoUrls).toHaveLength(2);
	});

	test('image-to-video with a first frame only', async () => {
		const result = await run(sim, {
			parameters: createParams({
				firstFrameImage: 'https://images.example.com/first.jpg',
				waitForCompletion: false,
			}),
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].body.first_frame_image).toBe('https://images.example.com/first.jpg');
		expect(creates()[0].body).not.toHaveProperty('last_frame_image');
	});

	test('a custom model name is sent as typed, and 4K resolution', async () => {
		await run(sim, {
			parameters: createParams({
				model: 'other',
				customModel: 'veo3.2-preview',
				resolution: '4K',
				waitForCompletion: false,
			}),
		});
		expect(creates()[0].body.model).toBe('veo3.2-preview');
		expect(creates()[0].body.resolution).toBe('4K');
	});

	test('a duration that an expression gives as text ("6") goes out as the JSON number 6', async () => {
		await run(sim, {
			parameters: createParams({ duration: '={{ "6" }}', waitForCompletion: false }),
		});
		expect(creates()[0].body.duration).toBe(6);
		expect(creates()[0].rawBody.toString()).toContain('"duration":6');
	});

	test('the message language reaches every status request', async () => {
		await run(sim, { parameters: createParams({ advancedOptions: { language: 'zh' } }) });
		const polls = sim.requests('GET', '/v1/tasks/');
		expect(polls.length).toBeGreaterThan(0);
		expect(polls.every((poll) => poll.query.language === 'zh')).toBe(true);
	});

	test('without waiting it returns at once with the task id and status submitted', async () => {
		const result = await run(sim, { parameters: createParams({ waitForCompletion: false }) });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json.status).toBe('submitted');
		expect(String(json.taskId)).toMatch(/^task_/);
		expect(json.videoUrl).toBeNull();
		expect(sim.requests('GET', '/v1/tasks/')).toHaveLength(0);
		// Waiting would take the task's 1.2 s and more; a few tenths is run overhead.
		expect(result.ms).toBeLessThan(seconds(4));
	});

	test('accepts the other published shapes: data object with id, url as a string', async () => {
		sim.config.createShape = 'object';
		sim.config.urlShape = 'string';
		try {
			const result = await run(sim, { parameters: createParams() });
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json.status).toBe('completed');
			expect(json.videoUrl).toBe(`${sim.fileUrl}/videos/${json.taskId}_0.mp4`);
			expect(json.videoUrls).toEqual([json.videoUrl]);
		} finally {
			sim.config.createShape = 'array';
			sim.config.urlShape = 'array';
		}
	});

	test('a failed task fails the item with the API reason', async () => {
		const result = await run(sim, { parameters: createParams({ prompt: 'something [fail]' }) });
		expect(result.error?.message).toMatch(
			/^Task task_\w+ failed: The prompt was rejected by the safety filter/,
		);
	});

	test('a cancelled task fails the item', async () => {
		const result = await run(sim, { parameters: createParams({ prompt: 'something [cancel]' }) });
		expect(result.error?.message).toMatch(/cancelled: The task was cancelled/);
	});

	test('a task that completes without a video is an error', async () => {
		const result = await run(sim, { parameters: createParams({ prompt: 'something [novideo]' }) });
		expect(result.error?.message).toMatch(/completed but returned no video/);
	});

	test('timeout: the error carries the task id and says how to resume', async () => {
		const result = await run(sim, {
			parameters: createParams({
				prompt: 'slow [duration=60000ms]',
				maxWaitSeconds: 2,
				pollIntervalSeconds: 1,
			}),
		});
		const taskId = [...sim.tasks.keys()].pop();
		expect(result.error?.message).toContain(`Task ${taskId} did not finish within 2 seconds`);
		expect(result.error?.description).toContain('Get Task');
		expect(result.error?.description).toContain(String(taskId));
		// The task takes 60 s: only the 2 s budget ends it this soon.
		expect(result.ms).toBeLessThan(seconds(10));
	});

	test('cancelling the execution stops polling within 1 s', async () => {
		const result = await run(sim, {
			// The next poll would be 15 s of real time away: only cancellation ends this quickly.
			parameters: createParams({
				prompt: 'long [duration=600000ms]',
				pollIntervalSeconds: 5,
				maxWaitSeconds: 3600,
			}),
			cancelAfterMs: seconds(1.5),
		});
		expect(result.cancelledAt).toBeDefined();
		expect(result.finishedAt - result.cancelledAt!).toBeLessThan(1000);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const pollsBefore = sim.requests('GET', '/v1/tasks/').length;
		await pause(6);
		expect(sim.requests('GET', '/v1/tasks/').length).toBe(pollsBefore);
	});

	test('401: a message a user can act on, and the key is not in it', async () => {
		const result = await run(sim, {
			parameters: createParams(),
			credentials: { apiKey: 'sk-wrong-key-42' },
		});
		expect(result.error?.message).toMatch(/The API key was rejected \(401\)/);
		expect(result.error?.description).toMatch(/credential/);
		expect(JSON.stringify(result.error)).not.toContain('sk-wrong-key-42');
		expect(sim.stats.tasksCreated).toBe(0);
	});

	test('402: insufficient balance, with the gateway message from msg', async () => {
		sim.config.balance = 0;
		try {
			const result = await run(sim, { parameters: createParams() });
			expect(result.error?.message).toBe(
				'Insufficient balance (402): Insufficient balance, please top up',
			);
			expect(result.error?.description).toMatch(/Top up/);
			expect(creates()).toHaveLength(1);
		} finally {
			sim.config.balance = Infinity;
		}
	});

	test('continueOnFail turns an item error into an output item with error', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: [
				{ json: { prompt: 'a cat' } },
				{ json: { prompt: 'x [fail]' } },
				{ json: { prompt: '' } },
			],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[1].json.status).toBe('failed');
		expect(result.items[1].json.error).toMatch(/failed: The prompt was rejected/);
		expect(result.items[1].json.taskId).toMatch(/^task_/);
		expect(result.items[2].json.error).toBe('Prompt: must not be empty');
		expect(creates()).toHaveLength(2);
	});
});
