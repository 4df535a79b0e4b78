/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Extend Video (POST /v1/videos/{id}/remix): a finished veo3.1-fast or veo3.1-quality video
// continued to 15 s. The original is read first (free) and refused when it cannot be extended;
// the extension is a paid create under every never-buy-twice rule, then waited for and stored.
import * as http from 'node:http';

import { callbackReceiver } from './support/callbackReceiver';
import { pause, run, useSimulator } from './support/sim';

const sim = useSimulator();
const remixes = () => sim.requests('POST', '/v1/videos/').filter((r) => r.path.endsWith('/remix'));

afterEach(() => {
	sim.config.reportTaskModel = true;
	sim.config.balance = Infinity;
	sim.config.remainBalance = 10.5;
	sim.config.createHoldMs = 0;
	sim.config.remixTakesWebhook = true;
});

/** An original made straight at the gateway (not by this process), finished unless told. */
async function original(model: string, { finished = true } = {}): Promise<string> {
	const payload = JSON.stringify({ model, prompt: 'a red kite over the sea' });
	const answer = await new Promise<string>((resolve, reject) => {
		const req = http.request(
			`${sim.baseUrl}/v1/videos/generations`,
			{
				method: 'POST',
				agent: false,
				headers: {
					authorization: `Bearer ${sim.config.apiKey}`,
					'content-type': 'application/json',
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve(Buffer.concat(chunks).toString()));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
	const taskId = (JSON.parse(answer) as { data: Array<{ task_id: string }> }).data[0].task_id;
	if (finished) await pause(5);
	sim.clear();
	return taskId;
}

const extend = (taskId: string, parameters: Record<string, unknown> = {}) => ({
	operation: 'extendVideo',
	taskId,
	prompt: 'the kite rises into the clouds',
	...parameters,
});

describe('Extend Video', () => {
	test('extends a finished veo3.1-fast video: the original read first, its model sent, the 15 s video stored', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, { parameters: extend(id), typeVersion: 1.1 });
		expect(result.error).toBeUndefined();
		expect(sim.requests('GET', `/v1/tasks/${id}`)).toHaveLength(1);
		expect(remixes()).toHaveLength(1);
		expect(remixes()[0].path).toBe(`/v1/videos/${id}/remix`);
		expect(remixes()[0].body).toEqual({
			model: 'veo3.1-fast',
			prompt: 'the kite rises into the clouds',
			raw: false,
		});
		const json = result.items[0].json;
		expect(json.taskId).not.toBe(id);
		expect(json.status).toBe('completed');
		expect(result.items[0].binary?.data.mimeType).toBe('video/mp4');
		expect(sim.newTasks()[0].remixOf).toBe(id);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('Return Only the Extension, Aspect Ratio, Resolution (4K spelled 4k) and the model chosen are sent', async () => {
		const id = await original('veo3.1-quality');
		await run(sim, {
			parameters: extend(id, {
				extendModel: 'veo3.1-quality',
				extensionOnly: true,
				returnAs: 'taskId',
				options: { aspectRatio: '9:16', resolution: '4K' },
			}),
			typeVersion: 1.1,
		});
		expect(remixes()[0].body).toEqual({
			model: 'veo3.1-quality',
			prompt: 'the kite rises into the clouds',
			raw: true,
			aspect_ratio: '9:16',
			resolution: '4k',
		});
	});

	test('chained by expression after Create Video in one run of the node', async () => {
		const created = await run(sim, {
			parameters: {
				operation: 'createVideo',
				prompt: 'a red kite',
				modelId: { __rl: true, mode: 'id', value: 'veo3.1-fast' },
				returnAs: 'url',
			},
			typeVersion: 1.1,
		});
		const taskId = created.items[0].json.taskId as string;
		sim.config.reportTaskModel = false; // the node remembers what it made
		const result = await run(sim, {
			parameters: extend('={{ $json.taskId }}', { returnAs: 'url' }),
			items: [{ json: { taskId } }],
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(remixes()[0].body.model).toBe('veo3.1-fast');
		expect(result.items[0].json.videoUrl).toMatch(/\.mp4$/);
	});

	test('Get Task reads an extension as any other task', async () => {
		const id = await original('veo3.1-fast');
		const extended = await run(sim, {
			parameters: extend(id, { returnAs: 'url' }),
			typeVersion: 1.1,
		});
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId: extended.items[0].json.taskId },
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].json.fileType).toBe('video');
	});
});

describe('refused before paying, with an error that says why', () => {
	test.each([
		[
			'an unknown original',
			async () => 'task_NOPE',
			/^Task task_NOPE: no such task at this gateway \(404\)/,
		],
		[
			'an original still running',
			async () => await original('veo3.1-fast', { finished: false }),
			/ is (pending|processing|submitted): only a finished video can be extended/,
		],
		[
			'an original made by an -official model',
			async () => await original('veo3.1-fast-official'),
			/was made with veo3\.1-fast-official: only videos of veo3\.1-fast and veo3\.1-quality can be extended/,
		],
		[
			'an original of veo3.1-lite',
			async () => await original('veo3.1-lite'),
			/was made with veo3\.1-lite: only videos of veo3\.1-fast and veo3\.1-quality/,
		],
	])('%s', async (_name, make, message) => {
		const id = await make();
		const result = await run(sim, { parameters: extend(id), typeVersion: 1.1 });
		expect(result.error?.message).toMatch(message);
		expect(remixes()).toHaveLength(0);
	});

	test('another model than the one that made the original', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, {
			parameters: extend(id, { extendModel: 'veo3.1-quality' }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(
			/^Model: task \S+ was made with veo3\.1-fast, not veo3\.1-quality; a video is extended only with its own model/,
		);
		expect(remixes()).toHaveLength(0);
	});

	test('a gateway that does not name the model: "Same as the Original" asks for the model, nothing sent', async () => {
		const id = await original('veo3.1-fast');
		sim.config.reportTaskModel = false;
		const result = await run(sim, { parameters: extend(id), typeVersion: 1.1 });
		expect(result.error?.message).toMatch(/^Model: the gateway does not say which model made task/);
		expect(remixes()).toHaveLength(0);
	});

	test("where the node cannot tell, it sends, and words the gateway's refusal", async () => {
		const id = await original('veo3.1-fast');
		sim.config.reportTaskModel = false;
		const result = await run(sim, {
			parameters: extend(id, { extendModel: 'veo3.1-quality' }),
			typeVersion: 1.1,
		});
		expect(remixes()).toHaveLength(1);
		expect(result.error?.message).toMatch(
			new RegExp(
				`^The gateway refused to extend task ${id}: .*model must be the original task's model`,
			),
		);
		expect(result.error?.description).toMatch(/nothing was bought/);
	});

	test('bad fields are refused before anything is sent', async () => {
		for (const [parameters, message] of [
			[extend('={{ "" }}'), /^Task ID of the Video: must not be empty$/],
			[extend('..'), /^Task ID of the Video: must be the task ID the gateway gave/],
			[extend('task_1', { prompt: ' ' }), /^Prompt: must not be empty$/],
			[
				extend('task_1', { options: { resolution: '2K' } }),
				/^Resolution: must be one of 720p, 1080p, 4K$/,
			],
			[
				extend('task_1', { options: { aspectRatio: '4:3' } }),
				/^Aspect Ratio: must be one of 16:9, 9:16$/,
			],
			[
				extend('task_1', { extendModel: 'veo3.1-lite' }),
				/^Model: must be one of original, veo3\.1-fast, veo3\.1-quality$/,
			],
		] as Array<[Record<string, unknown>, RegExp]>) {
			const result = await run(sim, { parameters, typeVersion: 1.1 });
			expect(result.error?.message).toMatch(message);
		}
		expect(sim.log).toHaveLength(0);
	});
});

describe('an extension is a paid create', () => {
	test('Retry On Fail reuses the extension: one remix, however many tries', async () => {
		const id = await original('veo3.1-fast');
		// The extension's file fails to download on the first try.
		sim.inject('file', { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
		const result = await run(sim, {
			parameters: extend(id),
			typeVersion: 1.1,
			retryOnFail: true,
			maxTries: 3,
		});
		expect(result.error).toBeUndefined();
		expect(remixes()).toHaveLength(1);
		expect(sim.stats.tasksCreated).toBe(1);
		expect(result.items[0].binary?.data).toBeDefined();
	});

	test('Retry On Fail buys a failed (refunded) extension again, under the next key', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, {
			parameters: extend(id, { prompt: 'the kite falls [fail]', returnAs: 'url' }),
			typeVersion: 1.1,
			retryOnFail: true,
			maxTries: 2,
		});
		expect(result.error?.message).toMatch(/^Task \S+ failed/);
		const keys = remixes().map((r) => r.headers['idempotency-key']);
		expect(keys).toHaveLength(2);
		expect(keys[1]).toBe(`${keys[0]}-1`);
		// Both are named: the last try's error names the first try's task too.
		const [first, second] = sim.newTasks();
		expect(result.error?.message).toContain(first.id);
		expect(result.error?.message).toContain(second.id);
	});

	test('an extension whose answer was lost is resent with the same key, never bought blind', async () => {
		const id = await original('veo3.1-fast');
		sim.inject('remix', { drop: 'after' });
		const result = await run(sim, {
			parameters: extend(id, { returnAs: 'taskId' }),
			credentials: { idempotency: 'yes' },
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		const keys = remixes().map((r) => r.headers['idempotency-key']);
		expect(keys.length).toBeGreaterThanOrEqual(2);
		expect(new Set(keys).size).toBe(1);
		expect(sim.stats.tasksCreated).toBe(1);
	});

	test('a gateway not known to replay keys: a lost answer is not resent, and the error says so', async () => {
		const id = await original('veo3.1-fast');
		sim.inject('remix', { drop: 'after' });
		const result = await run(sim, {
			parameters: extend(id, { returnAs: 'taskId' }),
			credentials: { idempotency: 'no' },
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(
			/^The extension request failed after it was sent .*; a task may have been created and billed/,
		);
		expect(remixes()).toHaveLength(1);
	});

	test('Max Videos per Run counts extensions: over it, nothing is sent', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, {
			parameters: extend(id, { advancedOptions: { maxVideosPerRun: 1 } }),
			items: [{ json: {} }, { json: {} }],
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(/Max Videos per Run/);
		expect(sim.log).toHaveLength(0);
	});

	test('the cost hint counts the extension', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, {
			parameters: extend(id, { returnAs: 'url' }),
			typeVersion: 1.1,
		});
		expect(JSON.stringify(result.run.data.resultData.runData.Veo3[0])).toMatch(/1 video bought/);
	});
});

describe('everything Create Video gives, on an extension too', () => {
	test('Min Balance: below it, neither the original is read nor the extension bought', async () => {
		const id = await original('veo3.1-fast');
		sim.config.remainBalance = 0.3;
		const result = await run(sim, {
			parameters: extend(id, { advancedOptions: { minBalance: 1 } }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toBe(
			'The balance is 0.3, below Min Balance (1). Nothing was sent.',
		);
		expect(sim.requests('GET', `/v1/tasks/${id}`)).toHaveLength(0);
		expect(remixes()).toHaveLength(0);
	});

	test("as an AI agent's tool it returns the extension's link by default, no file", async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, { parameters: extend(id), asTool: true, typeVersion: 1.1 });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.videoUrl).toMatch(/\.mp4$/);
		expect(result.items[0].binary).toBeUndefined();
		expect(sim.fileLog).toHaveLength(0);
	});

	test('the error output: an original that cannot be extended goes there, named; the others extend', async () => {
		const good = await original('veo3.1-fast');
		const official = await original('veo3.1-fast-official');
		const result = await run(sim, {
			parameters: extend('={{ $json.taskId }}', { returnAs: 'url' }),
			items: [{ json: { taskId: good } }, { json: { taskId: official } }],
			typeVersion: 1.1,
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).not.toHaveProperty('error');
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(String(result.errorItems[0].json.error)).toContain(official);
		expect(remixes()).toHaveLength(1);
		expect(remixes()[0].path).toBe(`/v1/videos/${good}/remix`);
	});

	test('Concurrency bounds the extensions in flight, and is used', async () => {
		const id = await original('veo3.1-fast');
		sim.config.createHoldMs = 150;
		const result = await run(sim, {
			parameters: extend(id, {
				prompt: '={{ $json.prompt }}',
				returnAs: 'taskId',
				advancedOptions: { concurrency: 2 },
			}),
			items: ['a', 'b', 'c', 'd', 'e'].map((prompt) => ({ json: { prompt } })),
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(remixes()).toHaveLength(5);
		expect(sim.stats.maxCreatesInFlight).toBe(2);
	});
});

describe('a Callback URL with Return = Task ID Only, as Create Video', () => {
	test('sent as webhook on the remix; the gateway posts the finished extension to <url>/callback', async () => {
		const wait = await callbackReceiver();
		try {
			const id = await original('veo3.1-fast');
			const result = await run(sim, {
				parameters: extend(id, { returnAs: 'taskId', callbackUrl: wait.url }),
				typeVersion: 1.1,
			});
			expect(result.error).toBeUndefined();
			expect(remixes()).toHaveLength(1);
			expect(remixes()[0].body.webhook).toBe(wait.url);
			const extensionId = String(result.items[0].json.taskId);
			expect(extensionId).not.toBe(id);
			const received = await wait.afterFirstCall();
			expect(received).toHaveLength(1);
			expect(received[0].path).toBe('/webhook-waiting/42/callback');
			expect(received[0].body.data).toMatchObject({ id: extensionId, status: 'completed' });
		} finally {
			await wait.close();
		}
	});

	test('not sent while the node waits, nor when empty', async () => {
		const id = await original('veo3.1-fast');
		const callbackUrl = 'https://n8n.example.com/webhook-waiting/1';
		await run(sim, { parameters: extend(id, { returnAs: 'url', callbackUrl }), typeVersion: 1.1 });
		await run(sim, { parameters: extend(id, { returnAs: 'taskId' }), typeVersion: 1.1 });
		expect(remixes()).toHaveLength(2);
		for (const remix of remixes()) expect(remix.body).not.toHaveProperty('webhook');
	});

	test('a gateway whose remix refuses it: the error says so and what to do, nothing bought', async () => {
		const id = await original('veo3.1-fast');
		sim.config.remixTakesWebhook = false;
		const result = await run(sim, {
			parameters: extend(id, { returnAs: 'taskId', callbackUrl: 'https://n8n.example.com/w/1' }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(
			new RegExp(`^The gateway refused to extend task ${id}: .*webhook is not a field of a remix`),
		);
		expect(result.error?.description).toMatch(
			/does not take a Callback URL on an extension .*: clear Callback URL and fetch the extension with Get Task/,
		);
		expect(remixes()).toHaveLength(1);
		expect(sim.newTasks()).toHaveLength(0);
	});

	test('a bad Callback URL is refused before any request, the original not even read', async () => {
		const id = await original('veo3.1-fast');
		const result = await run(sim, {
			parameters: extend(id, { returnAs: 'taskId', callbackUrl: 'not a url' }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toBe(
			'Callback URL: must be a public http(s) URL, e.g. https://n8n.example.com/webhook-waiting/123',
		);
		expect(sim.log).toHaveLength(0);
	});
});
