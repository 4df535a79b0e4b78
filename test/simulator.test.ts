/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// The simulator itself (test/simulator/), over HTTP as a client sees it: each channel's create
// body (any field the model's channel does not document, or a value outside what it documents,
// is a 400 naming the field), GIF results, remix, the task's model in task answers, and creates
// that name several tasks. The node's tests rely on these refusals to catch a wrong body.
import * as http from 'node:http';

import type { SimulatorConfig } from './simulator';
import { pause, useSimulator } from './support/sim';

const sim = useSimulator();

// Every test starts from the file's settings: a test that changes one gets it back afterwards.
let saved: SimulatorConfig;
beforeEach(() => {
	saved = { ...sim.config };
});
afterEach(() => {
	Object.assign(sim.config, saved);
});

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	// The JSON answer, as a client reads whatever fields it needs.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

/** One request on its own connection (no keep-alive), with the gateway's key unless told. */
async function call(
	method: 'GET' | 'POST',
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Answer> {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return await new Promise((resolve, reject) => {
		const req = http.request(
			url.startsWith('http') ? url : `${sim.baseUrl}${url}`,
			{
				method,
				agent: false,
				headers: {
					authorization: `Bearer ${sim.config.apiKey}`,
					...(payload === undefined ? {} : { 'content-type': 'application/json' }),
					...headers,
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					let json: unknown;
					try {
						json = JSON.parse(raw.toString('utf8'));
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, json });
				});
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

const create = async (body: Record<string, unknown>, headers?: Record<string, string>) =>
	await call('POST', '/v1/videos/generations', body, headers);
const remix = async (
	taskId: string,
	body: Record<string, unknown>,
	headers?: Record<string, string>,
) => await call('POST', `/v1/videos/${encodeURIComponent(taskId)}/remix`, body, headers);
const getTask = async (taskId: string) =>
	await call('GET', `/v1/tasks/${encodeURIComponent(taskId)}?language=en`);

/** The task IDs a create (or remix) answer names, in either shape. */
function taskIds(answer: Answer): string[] {
	const data = answer.json?.data;
	const list = Array.isArray(data) ? data : [data];
	return list.map((entry: { task_id?: string; id?: string }) => String(entry.task_id ?? entry.id));
}

/** Creates one task and returns its ID (the create must succeed). */
async function created(body: Record<string, unknown>): Promise<string> {
	const answer = await create(body);
	expect(answer.status).toBe(200);
	return taskIds(answer)[0];
}

/** The tasks take 1.2 s (test/support/sim.ts): this is after any of them has ended. */
const untilDone = async () => await pause(2);

/** A 400 with the usual envelope whose error names `param` and says `message`. */
function expectRefused(answer: Answer, param: string, message: RegExp, status = 400) {
	expect(answer.status).toBe(status);
	expect(answer.json).toMatchObject({ code: status, error: { param } });
	expect(answer.json.error.message).toMatch(message);
}

const OFFICIAL = { model: 'veo3.1-fast-official', prompt: 'a lighthouse at dusk' };
const CHANNEL = { model: 'veo3.1-fast', prompt: 'a lighthouse at dusk' };
const IMAGE = 'https://images.example.com/first.png';
const IMAGE_2 = 'https://images.example.com/last.png';

describe('create on the official channel (-official models and any other name)', () => {
	test('every documented field is taken (the body the node sends)', async () => {
		const answer = await create({
			...OFFICIAL,
			negative_prompt: 'rain',
			duration: 6,
			aspect_ratio: '9:16',
			resolution: '4K',
			first_frame_image: IMAGE,
			last_frame_image: IMAGE_2,
			resize_mode: 'crop',
			seed: 4_294_967_295,
			sample_count: 4,
			generate_audio: false,
			person_generation: 'disallow',
			enhance_prompt: true,
			webhook: 'https://n8n.example.com/webhook-waiting/1',
		});
		expect(answer.status).toBe(200);
		expect(sim.newTasks()).toHaveLength(1);
		expect(sim.newTasks()[0]).toMatchObject({ model: 'veo3.1-fast-official', samples: 4 });
	});

	test.each([
		['image_urls', [IMAGE]],
		['generation_type', 'frame'],
		['enable_gif', false],
		['official_fallback', true],
		['raw', true],
		['callback_url', 'https://n8n.example.com/hook'],
	])('%s (not an official field) is refused with 400 naming it', async (field, value) => {
		const answer = await create({ ...OFFICIAL, [field]: value });
		expectRefused(answer, field, new RegExp(`^${field} is not a field of the official channel`));
		expect(sim.newTasks()).toHaveLength(0);
	});

	test('a model the simulator does not know is on the official channel', async () => {
		const model = 'veo3.2-preview';
		expect((await create({ model, prompt: 'x', seed: 1 })).status).toBe(200);
		const answer = await create({ model, prompt: 'x', image_urls: [IMAGE] });
		expectRefused(answer, 'image_urls', /not a field of the official channel \(veo3\.2-preview\)/);
	});

	test.each([
		['resolution', '4k', /^resolution must be one of 720p, 1080p, 4K \(got "4k"\)/],
		['duration', '8', /^duration must be the number 4, 6 or 8 \(got "8"\)/],
		['duration', 5, /^duration must be the number 4, 6 or 8/],
		['aspect_ratio', '1:1', /^aspect_ratio must be one of 16:9, 9:16/],
		['sample_count', 5, /^sample_count must be a whole number from 1 to 4/],
		['seed', -1, /^seed must be a whole number from 0 to 4294967295/],
		['generate_audio', 'yes', /^generate_audio must be true or false/],
		['person_generation', 'allow_all', /^person_generation must be one of allow_adult, disallow/],
		[
			'first_frame_image',
			'data:image/png;base64,AAAA',
			/^first_frame_image must be an http\(s\) URL/,
		],
		['webhook', 'ftp://example.com/x', /^webhook must be an http\(s\) URL/],
		['prompt', '', /^prompt must be non-empty text/],
	])('%s %j is refused', async (field, value, message) => {
		expectRefused(await create({ ...OFFICIAL, [field]: value }), field, message);
	});

	test('model and prompt are required', async () => {
		expectRefused(await create({ prompt: 'x' }), 'model', /^model is required$/);
		expectRefused(await create({ model: OFFICIAL.model }), 'prompt', /^prompt is required$/);
	});

	test('a last frame needs a first one; resize_mode is for image-to-video only', async () => {
		expectRefused(
			await create({ ...OFFICIAL, last_frame_image: IMAGE_2 }),
			'last_frame_image',
			/requires first_frame_image/,
		);
		expectRefused(
			await create({ ...OFFICIAL, resize_mode: 'pad' }),
			'resize_mode',
			/only for image-to-video/,
		);
	});
});

describe('create on the other channel (veo3.1-fast, -quality, -lite, veo3.1)', () => {
	test('every documented field is taken', async () => {
		const answer = await create({
			...CHANNEL,
			duration: 8,
			aspect_ratio: '9:16',
			generation_type: 'reference',
			image_urls: [IMAGE, IMAGE_2, 'http://images.example.com/third.webp'],
			resolution: '720p',
			enable_gif: true,
			official_fallback: true,
			webhook: 'https://n8n.example.com/webhook-waiting/1',
		});
		expect(answer.status).toBe(200);
		expect(sim.newTasks()[0]).toMatchObject({ model: 'veo3.1-fast', gif: true, videoSeconds: 8 });
	});

	test.each(['veo3.1-fast', 'veo3.1-quality', 'veo3.1-lite', 'veo3.1'])(
		'%s takes the frame mode with a first and a last frame, and 4k',
		async (model) => {
			const answer = await create({
				model,
				prompt: 'x',
				generation_type: 'frame',
				image_urls: [IMAGE, IMAGE_2],
				resolution: '4k',
			});
			expect(answer.status).toBe(200);
		},
	);

	test.each([
		['first_frame_image', IMAGE],
		['last_frame_image', IMAGE],
		['negative_prompt', 'rain'],
		['seed', 1],
		['sample_count', 1],
		['generate_audio', true],
		['person_generation', 'allow_adult'],
		['resize_mode', 'pad'],
		['enhance_prompt', true],
	])('%s (an official field) is refused with 400 naming it', async (field, value) => {
		const answer = await create({ ...CHANNEL, [field]: value });
		expectRefused(answer, field, new RegExp(`^${field} is not a field of veo3\\.1-fast`));
		expect(sim.newTasks()).toHaveLength(0);
	});

	test('more than 3 images are refused', async () => {
		const answer = await create({
			...CHANNEL,
			generation_type: 'reference',
			image_urls: [IMAGE, IMAGE, IMAGE, IMAGE],
		});
		expectRefused(
			answer,
			'image_urls',
			/^image_urls must be a list of 1 to 3 image URLs \(got 4\)/,
		);
	});

	test('the frame mode takes 1 or 2 images', async () => {
		const answer = await create({
			...CHANNEL,
			generation_type: 'frame',
			image_urls: [IMAGE, IMAGE, IMAGE],
		});
		expectRefused(answer, 'image_urls', /^generation_type frame takes 1 or 2 image_urls/);
		expect(
			(await create({ ...CHANNEL, generation_type: 'frame', image_urls: [IMAGE] })).status,
		).toBe(200);
	});

	test('veo3.1-quality does not take the reference mode', async () => {
		const answer = await create({
			model: 'veo3.1-quality',
			prompt: 'x',
			generation_type: 'reference',
			image_urls: [IMAGE],
		});
		expectRefused(
			answer,
			'generation_type',
			/^veo3\.1-quality does not support generation_type reference$/,
		);
		expect(sim.newTasks()).toHaveLength(0);
	});

	test.each(['1080p', '4k'])('enable_gif is refused with %s', async (resolution) => {
		const answer = await create({ ...CHANNEL, enable_gif: true, resolution });
		expectRefused(answer, 'enable_gif', new RegExp(`not available with resolution ${resolution}`));
		expect((await create({ ...CHANNEL, enable_gif: false, resolution })).status).toBe(200);
	});

	test.each([
		['resolution', '4K', /^resolution must be one of 720p, 1080p, 4k \(got "4K"\)/],
		['duration', 4, /^duration must be the number 8 \(this channel makes 8 s videos only\)/],
		['generation_type', 'video', /^generation_type must be one of frame, reference/],
		['image_urls', IMAGE, /^image_urls must be a list of 1 to 3 image URLs/],
		['image_urls', [], /^image_urls must be a list of 1 to 3 image URLs \(got 0\)/],
		['image_urls', ['/local/file.png'], /^image_urls must hold http\(s\) URLs only/],
		['enable_gif', 'true', /^enable_gif must be true or false/],
		['official_fallback', 1, /^official_fallback must be true or false/],
	])('%s %j is refused', async (field, value, message) => {
		const body = { ...CHANNEL, generation_type: 'reference', image_urls: [IMAGE], [field]: value };
		expectRefused(await create(body), field, message);
	});

	test('a prompt of more than 1000 characters is refused', async () => {
		expectRefused(
			await create({ ...CHANNEL, prompt: 'x'.repeat(1001) }),
			'prompt',
			/^prompt must be at most 1000 characters \(got 1001\)$/,
		);
		expect((await create({ ...CHANNEL, prompt: 'x'.repeat(1000) })).status).toBe(200);
	});

	test('images and their mode go together', async () => {
		expectRefused(
			await create({ ...CHANNEL, image_urls: [IMAGE] }),
			'generation_type',
			/^generation_type \(frame or reference\) is required with image_urls$/,
		);
		expectRefused(
			await create({ ...CHANNEL, generation_type: 'frame' }),
			'image_urls',
			/^generation_type frame needs image_urls$/,
		);
	});
});

/** Walks a GIF's blocks: true when it is a whole GIF89a (header, screen, blocks, trailer). */
function isWholeGif(file: Buffer): boolean {
	if (file.subarray(0, 6).toString('latin1') !== 'GIF89a') return false;
	const packed = file[10];
	let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
	const skipSubBlocks = () => {
		while (at < file.length && file[at] !== 0) at += file[at] + 1;
		at++;
	};
	let images = 0;
	while (at < file.length) {
		const block = file[at];
		if (block === 0x3b) return at === file.length - 1 && images > 0;
		if (block === 0x21) {
			at += 2;
			skipSubBlocks();
		} else if (block === 0x2c) {
			const local = file[at + 9];
			at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1;
			skipSubBlocks();
			images++;
		} else return false;
	}
	return false;
}

describe('GIF results (enable_gif)', () => {
	test('a GIF task completes with a .gif link, served as image/gif with real GIF bytes', async () => {
		const id = await created({ ...CHANNEL, enable_gif: true });
		await untilDone();
		const task = await getTask(id);
		expect(task.json.data).toMatchObject({ id, status: 'completed', model: 'veo3.1-fast' });
		// The shape of every result: result.videos[].url, the link ending in .gif.
		const [url] = task.json.data.result.videos[0].url;
		expect(url).toBe(`${sim.fileUrl}/videos/${id}_0.gif`);
		const file = await call('GET', url);
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('image/gif');
		expect(file.headers['content-length']).toBe(String(file.raw.length));
		expect(file.raw.subarray(0, 6).toString('latin1')).toBe('GIF89a');
		expect(isWholeGif(file.raw)).toBe(true);
		expect(file.raw.equals(sim.gifBytesFor(id))).toBe(true);
		// A GIF task has no MP4.
		expect((await call('GET', url.replace(/\.gif$/, '.mp4'))).status).toBe(404);
	});

	test('a video task still gets an MP4, and no GIF', async () => {
		const id = await created({ ...CHANNEL, enable_gif: false });
		await untilDone();
		const [url] = (await getTask(id)).json.data.result.videos[0].url;
		expect(url).toMatch(/\.mp4$/);
		const file = await call('GET', url);
		expect(file.headers['content-type']).toBe('video/mp4');
		expect(file.raw.equals(sim.videoBytesFor(id))).toBe(true);
		expect((await call('GET', url.replace(/\.mp4$/, '.gif'))).status).toBe(404);
	});

	test('with relative links the gateway serves the GIF itself', async () => {
		sim.config.urlShape = 'relative';
		const id = await created({ ...CHANNEL, enable_gif: true });
		await untilDone();
		const [url] = (await getTask(id)).json.data.result.videos[0].url;
		expect(url).toBe(`/videos/${id}_0.gif`);
		const file = await call('GET', url);
		expect(file.headers['content-type']).toBe('image/gif');
		expect(isWholeGif(file.raw)).toBe(true);
	});
});

describe('remix: POST /v1/videos/{task_id}/remix', () => {
	/** A completed task of `model`. */
	async function finished(model = 'veo3.1-fast'): Promise<string> {
		const id = await created({ model, prompt: 'a lighthouse at dusk' });
		await untilDone();
		return id;
	}

	test('extends a completed veo3.1-fast video into a new 15 s task, read like any other', async () => {
		const original = await finished();
		const answer = await remix(original, { model: 'veo3.1-fast', prompt: 'the light turns on' });
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			code: 200,
			data: [{ status: 'submitted', task_id: expect.any(String) }],
		});
		const [id] = taskIds(answer);
		expect(id).not.toBe(original);
		expect(sim.tasks.get(id)).toMatchObject({
			model: 'veo3.1-fast',
			remixOf: original,
			videoSeconds: 15,
			gif: false,
		});
		await untilDone();
		const task = await getTask(id);
		expect(task.json.data).toMatchObject({ id, model: 'veo3.1-fast', status: 'completed' });
		const [url] = task.json.data.result.videos[0].url;
		expect((await call('GET', url)).headers['content-type']).toBe('video/mp4');
	});

	test('raw: the extension alone, 7 s; every documented field is taken (veo3.1-quality)', async () => {
		const original = await finished('veo3.1-quality');
		const answer = await remix(original, {
			model: 'veo3.1-quality',
			prompt: 'the light turns on',
			raw: true,
			aspect_ratio: '9:16',
			resolution: '4k',
		});
		expect(answer.status).toBe(200);
		expect(sim.tasks.get(taskIds(answer)[0])).toMatchObject({ videoSeconds: 7 });
	});

	test('an unknown task: 404 with the usual envelope', async () => {
		const answer = await remix('task_NOPE', { model: 'veo3.1-fast', prompt: 'x' });
		expectRefused(answer, 'task_id', /^task task_NOPE not found$/, 404);
		expect(sim.newTasks()).toHaveLength(0);
	});

	test('a task that has not completed: 400', async () => {
		const running = await created(CHANNEL);
		expectRefused(
			await remix(running, { model: 'veo3.1-fast', prompt: 'x' }),
			'task_id',
			new RegExp(`^task ${running} is pending: only a completed video can be extended$`),
		);
		const failed = await created({ ...CHANNEL, prompt: 'x [fail]' });
		await untilDone();
		expectRefused(
			await remix(failed, { model: 'veo3.1-fast', prompt: 'x' }),
			'task_id',
			/is failed: only a completed video can be extended/,
		);
		expect(sim.newTasks()).toHaveLength(2);
	});

	test.each(['veo3.1-fast-official', 'veo3.1-quality-official', 'veo3.1-lite'])(
		'a video of %s cannot be extended: 400',
		async (model) => {
			const original = await finished(model);
			expectRefused(
				await remix(original, { model, prompt: 'x' }),
				'model',
				new RegExp(
					`^task ${original} was made with ${model}: only videos of veo3\\.1-fast and veo3\\.1-quality can be extended$`,
				),
			);
			expect(sim.newTasks()).toHaveLength(1);
		},
	);

	test("the model must be the original task's: 400", async () => {
		const original = await finished('veo3.1-fast');
		expectRefused(
			await remix(original, { model: 'veo3.1-quality', prompt: 'x' }),
			'model',
			/^model must be the original task's model, veo3\.1-fast \(got "veo3\.1-quality"\)$/,
		);
	});

	test.each([
		['webhook', 'ftp://n8n.example.com/x', /^webhook must be an http\(s\) URL/],
		['duration', 8, /^duration is not a field of a remix/],
		['image_urls', [IMAGE], /^image_urls is not a field of a remix/],
		['resolution', '4K', /^resolution must be one of 720p, 1080p, 4k/],
		['raw', 'no', /^raw must be true or false/],
		['aspect_ratio', '4:3', /^aspect_ratio must be one of 16:9, 9:16/],
	])('%s %j in the body: 400 naming it', async (field, value, message) => {
		const original = await finished();
		const body = { model: 'veo3.1-fast', prompt: 'x', [field]: value };
		expectRefused(await remix(original, body), field, message);
		expect(sim.newTasks()).toHaveLength(1);
	});

	test('webhook: taken as on a create; refused (400) by a gateway whose remix does not take it', async () => {
		const original = await finished();
		const body = { model: 'veo3.1-fast', prompt: 'x', webhook: 'https://n8n.example.com/w/1' };
		expect((await remix(original, body)).status).toBe(200);
		sim.config.remixTakesWebhook = false;
		expectRefused(await remix(original, body), 'webhook', /^webhook is not a field of a remix/);
		expect(sim.newTasks()).toHaveLength(2);
	});

	test('model and prompt are required', async () => {
		const original = await finished();
		expectRefused(await remix(original, { prompt: 'x' }), 'model', /^model is required$/);
		expectRefused(
			await remix(original, { model: 'veo3.1-fast' }),
			'prompt',
			/^prompt is required$/,
		);
	});

	test('the same Idempotency-Key and body replay the first answer; another body is a 409', async () => {
		const original = await finished();
		const key = { 'idempotency-key': 'remix-key-1' };
		const body = { model: 'veo3.1-fast', prompt: 'x' };
		const first = await remix(original, body, key);
		const again = await remix(original, body, key);
		expect(again.headers['idempotency-replayed']).toBe('true');
		expect(taskIds(again)).toEqual(taskIds(first));
		expect((await remix(original, { ...body, raw: true }, key)).status).toBe(409);
		// The same key on a create is another request too.
		expect((await create(CHANNEL, key)).status).toBe(409);
		expect(sim.newTasks()).toHaveLength(2);
	});

	test('no balance: 402, nothing bought', async () => {
		const original = await finished();
		sim.config.balance = 0;
		const answer = await remix(original, { model: 'veo3.1-fast', prompt: 'x' });
		expect(answer.status).toBe(402);
		expect(answer.json).toMatchObject({ code: 402 });
		expect(sim.newTasks()).toHaveLength(1);
	});

	test("faults go to the 'remix' queue, not to creates", async () => {
		const original = await finished();
		const body = { model: 'veo3.1-fast', prompt: 'x' };
		sim.inject('remix', { status: 503 });
		expect((await create(CHANNEL)).status).toBe(200);
		expect((await remix(original, body)).status).toBe(503);
		expect(sim.stats.faultsServed.remix).toBe(1);
		expect(sim.newTasks()).toHaveLength(2);
		// A dropped connection after the work: the remix was bought, the answer lost.
		sim.inject('remix', { drop: 'after' });
		await expect(remix(original, body)).rejects.toThrow();
		expect(sim.newTasks()).toHaveLength(3);
		expect(sim.newTasks()[2].remixOf).toBe(original);
		// ... but only what would have been bought: a refused remix buys nothing.
		sim.inject('remix', { drop: 'after' });
		await expect(remix('task_NOPE', body)).rejects.toThrow();
		expect(sim.newTasks()).toHaveLength(3);
	});

	test("a create's faults do not reach a remix", async () => {
		const original = await finished();
		sim.inject('create', { status: 500 });
		expect((await remix(original, { model: 'veo3.1-fast', prompt: 'x' })).status).toBe(200);
		expect((await create(CHANNEL)).status).toBe(500);
	});

	test('the object shape answers a remix too', async () => {
		const original = await finished();
		sim.config.createShape = 'object';
		const answer = await remix(original, { model: 'veo3.1-fast', prompt: 'x' });
		expect(answer.json).toEqual({
			code: 200,
			data: { id: expect.any(String), status: 'submitted' },
		});
	});
});

describe("task answers name the task's model", () => {
	test('by default, as data.model', async () => {
		const id = await created(OFFICIAL);
		expect((await getTask(id)).json.data.model).toBe('veo3.1-fast-official');
	});

	test('reportTaskModel false: a gateway that does not name it', async () => {
		sim.config.reportTaskModel = false;
		const id = await created(OFFICIAL);
		await untilDone();
		const data = (await getTask(id)).json.data;
		expect(data.status).toBe('completed');
		expect(data).not.toHaveProperty('model');
	});
});

describe('a create answer that names several tasks (tasksPerCreate)', () => {
	test('each named task is a real, paid task that completes', async () => {
		sim.config.tasksPerCreate = 2;
		const before = (await call('GET', '/v1/balance')).json.remain_balance;
		const answer = await create(OFFICIAL);
		expect(answer.json).toEqual({
			code: 200,
			data: [
				{ status: 'submitted', task_id: expect.any(String) },
				{ status: 'submitted', task_id: expect.any(String) },
			],
		});
		const ids = taskIds(answer);
		expect(new Set(ids).size).toBe(2);
		expect(sim.newTasks().map((task) => task.id)).toEqual(ids);
		expect(sim.stats.tasksCreated).toBe(2);
		// Both bought: the balance drops by two videos' price.
		expect((await call('GET', '/v1/balance')).json.remain_balance).toBeCloseTo(before - 0.8, 4);
		await untilDone();
		for (const id of ids) {
			const task = await getTask(id);
			expect(task.json.data.status).toBe('completed');
			const [url] = task.json.data.result.videos[0].url;
			expect((await call('GET', url)).status).toBe(200);
		}
	});

	test('a replay names the same tasks; the object shape names them in a list', async () => {
		sim.config.tasksPerCreate = 3;
		sim.config.createShape = 'object';
		const key = { 'idempotency-key': 'several-1' };
		const answer = await create(OFFICIAL, key);
		expect(answer.json.data).toEqual([
			{ id: expect.any(String), status: 'submitted' },
			{ id: expect.any(String), status: 'submitted' },
			{ id: expect.any(String), status: 'submitted' },
		]);
		expect(taskIds(await create(OFFICIAL, key))).toEqual(taskIds(answer));
		expect(sim.newTasks()).toHaveLength(3);
	});

	test('a remix names several tasks too', async () => {
		const original = await created(CHANNEL);
		await untilDone();
		sim.config.tasksPerCreate = 2;
		const answer = await remix(original, { model: 'veo3.1-fast', prompt: 'x' });
		expect(taskIds(answer)).toHaveLength(2);
		expect(sim.newTasks().filter((task) => task.remixOf === original)).toHaveLength(2);
	});
});

test('GET /v1/models lists both channels by default', async () => {
	const ids = (await call('GET', '/v1/models')).json.data.map((model: { id: string }) => model.id);
	expect(ids).toEqual(
		expect.arrayContaining([
			'veo3.1-fast-official',
			'veo3.1-quality-official',
			'veo3.1-lite-official',
			'veo3.1-fast',
			'veo3.1-quality',
			'veo3.1-lite',
		]),
	);
});

test('/__sim/report tells each task’s model, GIF, length and original', async () => {
	const id = await created({ ...CHANNEL, enable_gif: true });
	const report = (await call('GET', '/__sim/report')).json;
	expect(report.tasks.find((task: { id: string }) => task.id === id)).toMatchObject({
		model: 'veo3.1-fast',
		gif: true,
		videoSeconds: 8,
		remixOf: null,
	});
});

test('/__sim/report counts the creates, remixes and uploads sent, and tells a task’s images', async () => {
	const urls = [IMAGE, IMAGE_2];
	const id = await created({ ...CHANNEL, image_urls: urls, generation_type: 'reference' });
	expect((await create({ ...CHANNEL, seed: 3 })).status).toBe(400);
	await untilDone();
	expect((await remix(id, { model: 'veo3.1-fast', prompt: 'x' })).status).toBe(200);
	expect((await call('POST', '/v1/uploads/images', {})).status).toBe(400);
	const report = (await call('GET', '/__sim/report')).json;
	expect(report.requests).toEqual({ creates: 2, remixes: 1, uploads: 1 });
	expect(report.tasks.find((task: { id: string }) => task.id === id)).toMatchObject({
		imageUrls: urls,
		generationType: 'reference',
	});
});

test('/__sim/faults queues faults for a route, as inject() does', async () => {
	const faults = [{ serve: { contentType: 'text/html', body: '<html>gone</html>' } }];
	expect((await call('POST', '/__sim/faults', { route: 'file', faults })).status).toBe(200);
	const id = await created(CHANNEL);
	await untilDone();
	const url = `${sim.fileUrl}/videos/${id}_0.mp4`;
	const page = await call('GET', url);
	expect(page.headers['content-type']).toBe('text/html');
	expect(page.raw.toString()).toBe('<html>gone</html>');
	expect((await call('GET', url)).headers['content-type']).toBe('video/mp4');
	expect((await call('POST', '/__sim/faults', { route: 'nowhere', faults })).status).toBe(400);
	expect((await call('POST', '/__sim/faults', { route: 'file', faults: [] })).status).toBe(400);
});
