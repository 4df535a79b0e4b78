// Version 1.1, what new nodes get in the editor: which fields show (computed with n8n-workflow's own
// display logic, as the editor does), and that what they say is what the node sends.
import type { INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';
import { listModels } from '../nodes/Veo3/methods/listSearch';
import { loadOptionsContext } from './support/harness';
import { createParams, run, useSimulator } from './support/sim';

const sim = useSimulator();
const description = new Veo3().description;
const toolDescription = { ...description, name: 'veo3Tool' } as INodeTypeDescription;

/** The fields the editor shows, top to bottom, for these values (unset ones take their defaults). */
function visibleFields(
	values: INodeParameters,
	version = 1.1,
	desc: INodeTypeDescription = description,
) {
	const node = { typeVersion: version };
	const resolved =
		NodeHelpers.getNodeParameters(desc.properties, values, true, false, node, desc) ?? {};
	const shown = desc.properties
		.filter((property) => NodeHelpers.displayParameter(resolved, property, node, desc))
		.map((property) => property.name);
	return [...new Set(shown)];
}

const creates = () => sim.requests('POST', '/v1/videos/generations');
const v11 = (parameters: Record<string, unknown>) => ({
	operation: 'createVideo',
	prompt: 'a red kite over the sea',
	...parameters,
});

describe('the panel of a new node (version 1.1)', () => {
	test('new nodes get version 1.1; saved version 1 nodes keep theirs', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	test('a fresh Create Video shows Model, Prompt, the main generation fields, Image Input, Return, then Options', () => {
		expect(visibleFields({})).toEqual([
			'operation',
			'modelId',
			'prompt',
			'duration',
			'aspectRatio',
			'resolution',
			'imageInputType',
			'returnAs',
			'options',
			'advancedOptions',
		]);
	});

	test.each([
		['url', ['firstFrameImage', 'lastFrameImage', 'resizeMode']],
		['binary', ['firstFrameBinaryProperty', 'lastFrameBinaryProperty', 'resizeMode']],
	])('Image Input "%s" shows its frame fields and Resize Mode right after it', (mode, fields) => {
		const shown = visibleFields({ imageInputType: mode });
		const at = shown.indexOf('imageInputType');
		expect(shown.slice(at + 1, at + 4)).toEqual(fields);
		expect(shown.length).toBe(13);
	});

	test('Return "Task ID Only" shows the Callback URL; the waiting options hide', () => {
		expect(visibleFields({ returnAs: 'taskId' })).toContain('callbackUrl');
		expect(visibleFields({})).not.toContain('callbackUrl');
		const options = description.properties.find(
			(p) => p.name === 'options' && JSON.stringify(p.displayOptions).includes('1.1'),
		)!;
		const shownOptions = (returnAs: string) =>
			(options.options as Array<{ name: string; displayOptions?: object }>)
				.filter((option) =>
					NodeHelpers.displayParameter({}, option as never, { typeVersion: 1.1 }, description, {
						returnAs,
					} as INodeParameters),
				)
				.map((option) => option.name);
		expect(shownOptions('binary')).toEqual(
			expect.arrayContaining(['maxWaitSeconds', 'pollIntervalSeconds', 'binaryPropertyName']),
		);
		expect(shownOptions('url')).not.toContain('binaryPropertyName');
		expect(shownOptions('taskId')).not.toContain('maxWaitSeconds');
	});

	test('resolutions and models read in a sensible order, not alphabetically', () => {
		const resolution = description.properties.find((p) => p.name === 'resolution')!;
		expect(resolution.options!.map((o) => (o as { value: string }).value)).toEqual([
			'720p',
			'1080p',
			'4K',
		]);
	});

	test('version 1 nodes keep their fields and defaults (saved workflows store only changed values)', () => {
		expect(visibleFields({}, 1)).toEqual([
			'operation',
			'model',
			'prompt',
			'duration',
			'aspectRatio',
			'resolution',
			'imageInputType',
			'firstFrameImage',
			'lastFrameImage',
			'waitForCompletion',
			'maxWaitSeconds',
			'pollIntervalSeconds',
			'downloadVideo',
			'options',
			'advancedOptions',
		]);
	});

	test('as an AI agent tool, Return defaults to the video URL', () => {
		const node = { typeVersion: 1.1 };
		const values = NodeHelpers.getNodeParameters(
			toolDescription.properties,
			{},
			true,
			false,
			node,
			toolDescription,
		)!;
		expect(values.returnAs).toBe('url');
		expect(
			NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description)!
				.returnAs,
		).toBe('binary');
	});
});

describe('version 1.1 sends what its fields say', () => {
	test('a fresh node: text to video, waits, and returns the file', async () => {
		const result = await run(sim, {
			parameters: v11({ options: { pollIntervalSeconds: 1 } }),
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(1);
		const body = creates()[0].body;
		expect(body.model).toBe('veo3.1-fast-official');
		expect(body).not.toHaveProperty('first_frame_image');
		expect(body).not.toHaveProperty('resize_mode');
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary?.data.mimeType).toBe('video/mp4');
	});

	test('Return "Video URL": no download; as a tool the same without setting it', async () => {
		for (const options of [
			{ parameters: v11({ returnAs: 'url' }) },
			{ parameters: v11({}), asTool: true },
		]) {
			sim.clear();
			const result = await run(sim, { ...options, typeVersion: 1.1 });
			expect(result.items[0].json.videoUrl).toMatch(/\.mp4$/);
			expect(result.items[0].binary).toBeUndefined();
			expect(sim.fileLog).toHaveLength(0);
		}
	});

	test('Return "Task ID Only" returns at once and sends the Callback URL', async () => {
		const result = await run(sim, {
			parameters: v11({
				returnAs: 'taskId',
				callbackUrl: 'https://n8n.example.com/webhook-waiting/7',
			}),
			typeVersion: 1.1,
		});
		expect(result.items[0].json.status).toBe('submitted');
		expect(creates()[0].body.webhook).toBe('https://n8n.example.com/webhook-waiting/7');
		expect(sim.requests('GET', '/v1/tasks/')).toHaveLength(0);
	});

	test('the model picker: a model typed as an ID is sent as it is', async () => {
		await run(sim, {
			parameters: v11({
				returnAs: 'taskId',
				modelId: { __rl: true, mode: 'id', value: 'veo3-pro-preview' },
			}),
			typeVersion: 1.1,
		});
		expect(creates()[0].body.model).toBe('veo3-pro-preview');
	});

	test('Image From URL sends the frame and Resize Mode (Pad unless changed)', async () => {
		await run(sim, {
			parameters: v11({
				returnAs: 'taskId',
				imageInputType: 'url',
				firstFrameImage: `${sim.fileUrl}/images/a.png`,
			}),
			typeVersion: 1.1,
		});
		await run(sim, {
			parameters: v11({
				returnAs: 'taskId',
				imageInputType: 'url',
				firstFrameImage: `${sim.fileUrl}/images/a.png`,
				resizeMode: 'crop',
			}),
			typeVersion: 1.1,
		});
		expect(
			creates().map((request) => [request.body.first_frame_image, request.body.resize_mode]),
		).toEqual([
			[`${sim.fileUrl}/images/a.png`, 'pad'],
			[`${sim.fileUrl}/images/a.png`, 'crop'],
		]);
	});

	test('Image From URL without a first frame fails before any request, naming the field', async () => {
		const result = await run(sim, { parameters: v11({ imageInputType: 'url' }), typeVersion: 1.1 });
		expect(result.error?.message).toMatch(
			/^First Frame Image URL: must be set for Image Input "Image From URL"/,
		);
		expect(sim.log).toHaveLength(0);
	});

	test.each([
		[
			'a model ID that an expression leaves empty',
			{ modelId: { __rl: true, mode: 'id', value: '={{ "" }}' } },
			/^Model: /,
		],
		[
			'a Return value from an expression that is not a choice',
			{ returnAs: 'file' },
			/^Return: must be one of binary, url, taskId/,
		],
		[
			'a fractional Max Wait in Options',
			{ options: { maxWaitSeconds: 1.5 } },
			/^Max Wait \(Seconds\): must be a whole number/,
		],
	])('%s fails before any request, naming the field', async (_name, parameters, message) => {
		const result = await run(sim, { parameters: v11(parameters), typeVersion: 1.1 });
		expect(result.error?.message).toMatch(message);
		expect(sim.log).toHaveLength(0);
	});

	test('the waiting options apply: Max Wait ends the wait and names the task', async () => {
		const result = await run(sim, {
			parameters: v11({
				prompt: 'slow [duration=60000ms]',
				options: { maxWaitSeconds: 2, pollIntervalSeconds: 1 },
			}),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(/task_\w+/);
		expect(result.error?.message).toMatch(/2 s|Max Wait/);
	});

	test("n8n's settings work the same: Retry On Fail reuses the good task and tries the failed one again, the error output names the task", async () => {
		const items = [{ json: { prompt: 'one' } }, { json: { prompt: 'two [fail]' } }];
		const parameters = v11({
			prompt: '={{ $json.prompt }}',
			returnAs: 'url',
			options: { pollIntervalSeconds: 1 },
		});
		const retried = await run(sim, {
			parameters,
			items,
			typeVersion: 1.1,
			retryOnFail: true,
			maxTries: 3,
		});
		expect(retried.error?.message).toMatch(/^Task task_\w+ failed/);
		// 'one' once; the failed (refunded) 'two' once per try.
		expect(creates()).toHaveLength(4);
		sim.clear();
		const routed = await run(sim, {
			parameters,
			items,
			typeVersion: 1.1,
			onError: 'continueErrorOutput',
		});
		expect(routed.items.map((item) => item.json.status)).toEqual(['completed']);
		expect(routed.errorItems).toHaveLength(1);
		expect(routed.errorItems[0].json.error).toMatch(
			/^Task task_\w+ failed: The prompt was rejected/,
		);
	});

	test('version 1 still reads its own fields', async () => {
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.items[0].binary?.data).toBeDefined();
	});
});

describe('the model list', () => {
	const context = async (baseUrl: string) =>
		await loadOptionsContext({ apiKey: sim.config.apiKey, baseUrl });

	test('lists the Veo models the gateway lists, with their names', async () => {
		const { results } = await listModels.call(await context(sim.baseUrl));
		expect(results.map((r) => r.value)).toEqual([
			'veo3.1-fast-official',
			'veo3.1-quality-official',
			'veo3.1-lite-official',
			'veo3-pro-preview',
			'veo3.1-fast',
			'veo3.1-quality',
			'veo3.1-lite',
		]);
		// Every entry reads "Name (id)", also a model the node does not know.
		expect(results.map((r) => r.name)).toEqual([
			'Veo 3.1 Fast (veo3.1-fast-official)',
			'Veo 3.1 Quality (veo3.1-quality-official)',
			'Veo 3.1 Lite (veo3.1-lite-official)',
			'Veo 3 Pro Preview (veo3-pro-preview)',
			'Veo 3.1 Fast: Reference Images, GIF, Extend (veo3.1-fast)',
			'Veo 3.1 Quality: GIF, Extend (veo3.1-quality)',
			'Veo 3.1 Lite: Reference Images, GIF (veo3.1-lite)',
		]);
		expect(sim.requests('GET', '/v1/models')).toHaveLength(1);
	});

	test('search filters the list', async () => {
		const { results } = await listModels.call(await context(sim.baseUrl), 'quality');
		expect(results.map((r) => r.value)).toEqual(['veo3.1-quality-official', 'veo3.1-quality']);
	});

	test('a gateway that answers /v1/models with a web page gets the built-in list', async () => {
		sim.inject('models', { raw: '<!doctype html><title>Home</title>' });
		const { results } = await listModels.call(await context(sim.baseUrl));
		expect(results.map((r) => r.value)).toEqual([
			'veo3.1-fast-official',
			'veo3.1-quality-official',
			'veo3.1-lite-official',
		]);
	});

	test('a gateway without /v1/models gets the built-in list', async () => {
		const models = sim.config.models;
		sim.config.models = null;
		try {
			const { results } = await listModels.call(await context(sim.baseUrl));
			expect(results.map((r) => r.value)).toEqual([
				'veo3.1-fast-official',
				'veo3.1-quality-official',
				'veo3.1-lite-official',
			]);
		} finally {
			sim.config.models = models;
		}
	});
});
