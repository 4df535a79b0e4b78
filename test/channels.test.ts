// Every model gets the body of its channel (docs/NODE.md, "Which models take which fields"): the
// official models (and any model the node does not know) the official body, veo3.1-fast, -quality
// and -lite the veo3.1 channel's; the panel offers what the chosen model takes; what it cannot take
// is refused before anything is uploaded or bought.
import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';
import { binaryBuffer } from './support/harness';
import { pause, run, useSimulator } from './support/sim';

const sim = useSimulator();
const description = new Veo3().description;
const creates = () => sim.requests('POST', '/v1/videos/generations');
const uploads = () => sim.requests('POST', '/v1/uploads/images');
const model = (value: string) => ({ __rl: true, mode: 'id', value });
/**
 * The model by an expression: the panel then shows every field, and the run refuses what the
 * model cannot take. (A field the panel hides for a model never reaches the node: n8n drops it.)
 */
const byExpression = (modelId: string, parameters: Record<string, unknown>) => ({
	...params(modelId, parameters),
	modelId: model(`={{ "${modelId}" }}`),
});
const params = (modelId: string, parameters: Record<string, unknown> = {}) => ({
	operation: 'createVideo',
	prompt: 'a red kite over the sea',
	modelId: model(modelId),
	returnAs: 'taskId',
	...parameters,
});
const png = (name: string) => ({
	data: Buffer.from(`\x89PNG\r\n\x1a\n${name}`).toString('base64'),
	mimeType: 'image/png',
	fileName: `${name}.png`,
});
const photos = { json: {}, binary: { data: png('a'), data_1: png('b'), data_2: png('c') } };

describe('the veo3.1 channel gets its own body', () => {
	test('text to video: only the fields the channel documents, 4K spelled 4k', async () => {
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { resolution: '4K' }),
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].body).toEqual({
			model: 'veo3.1-fast',
			prompt: 'a red kite over the sea',
			duration: 8,
			aspect_ratio: '16:9',
			resolution: '4k',
		});
	});

	test('first and last frame go as image_urls with generation_type frame, no Resize Mode', async () => {
		await run(sim, {
			parameters: params('veo3.1-quality', {
				imageInputType: 'url',
				firstFrameImage: 'https://example.com/a.png',
				lastFrameImage: 'https://example.com/b.png',
			}),
			typeVersion: 1.1,
		});
		const body = creates()[0].body;
		expect(body.generation_type).toBe('frame');
		expect(body.image_urls).toEqual(['https://example.com/a.png', 'https://example.com/b.png']);
		for (const key of ['first_frame_image', 'last_frame_image', 'resize_mode'])
			expect(body).not.toHaveProperty(key);
	});

	test('reference images from URLs (one per line) go as image_urls with generation_type reference', async () => {
		await run(sim, {
			parameters: params('veo3.1-fast', {
				imageInputType: 'referenceUrl',
				referenceImageUrls: 'https://example.com/a.png\nhttps://example.com/b,c.png',
			}),
			typeVersion: 1.1,
		});
		expect(creates()[0].body).toMatchObject({
			generation_type: 'reference',
			image_urls: ['https://example.com/a.png', 'https://example.com/b,c.png'],
		});
	});

	test('an expression may give the reference URLs as a list', async () => {
		await run(sim, {
			parameters: params('veo3.1-lite', {
				imageInputType: 'referenceUrl',
				referenceImageUrls: '={{ $json.urls }}',
			}),
			items: [{ json: { urls: ['https://example.com/a.png', 'https://example.com/b.png'] } }],
			typeVersion: 1.1,
		});
		expect(creates()[0].body.image_urls).toHaveLength(2);
	});

	test('reference images from binary data are uploaded first, then sent in their order', async () => {
		const result = await run(sim, {
			parameters: params('veo3.1-fast', {
				imageInputType: 'referenceBinary',
				referenceBinaryProperties: 'data, data_1,data_2',
			}),
			items: [photos],
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(uploads()).toHaveLength(3);
		const urls = creates()[0].body.image_urls as string[];
		expect(urls).toHaveLength(3);
		expect(new Set(urls).size).toBe(3);
		expect(creates()[0].body.generation_type).toBe('reference');
	});

	test('Output GIF and Official Fallback are sent when on', async () => {
		await run(sim, {
			parameters: params('veo3.1-fast', { options: { outputGif: true, officialFallback: true } }),
			typeVersion: 1.1,
		});
		expect(creates()[0].body).toMatchObject({ enable_gif: true, official_fallback: true });
	});

	test('a model the node does not know gets the official body', async () => {
		await run(sim, {
			parameters: params('veo3-pro-preview', {
				imageInputType: 'url',
				firstFrameImage: 'https://example.com/a.png',
				options: { seed: 7 },
			}),
			typeVersion: 1.1,
		});
		const body = creates()[0].body;
		expect(body).toMatchObject({
			first_frame_image: 'https://example.com/a.png',
			resize_mode: 'pad',
			seed: 7,
		});
		expect(body).not.toHaveProperty('image_urls');
	});
});

const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
	[
		'Seed on veo3.1-fast',
		byExpression('veo3.1-fast', { options: { seed: 3 } }),
		/^Seed: veo3\.1-fast does not take it; only the official models do: remove it or choose an -official model/,
	],
	[
		'Negative Prompt on veo3.1-lite',
		byExpression('veo3.1-lite', { options: { negativePrompt: 'blur' } }),
		/^Negative Prompt: veo3\.1-lite does not take it/,
	],
	[
		'Sample Count on veo3.1-quality',
		byExpression('veo3.1-quality', { options: { sampleCount: 2 } }),
		/^Sample Count: veo3\.1-quality does not take it/,
	],
	[
		'Duration 4 on veo3.1-fast',
		params('veo3.1-fast', { duration: 4 }),
		/^Duration: veo3\.1-fast makes 8-second videos only/,
	],
	[
		'four reference images',
		params('veo3.1-fast', {
			imageInputType: 'referenceUrl',
			referenceImageUrls:
				'https://a.example/1.png https://a.example/2.png https://a.example/3.png https://a.example/4.png',
		}),
		/^Reference Image URLs: must name 1 to 3 reference images$/,
	],
	[
		'no reference image',
		params('veo3.1-fast', { imageInputType: 'referenceUrl', referenceImageUrls: ' ' }),
		/^Reference Image URLs: must name 1 to 3 reference images$/,
	],
	[
		'reference images on veo3.1-quality',
		params('veo3.1-quality', {
			imageInputType: 'referenceUrl',
			referenceImageUrls: 'https://a.example/1.png',
		}),
		/^Reference Image URLs: veo3\.1-quality does not take reference images: choose veo3\.1-fast or veo3\.1-lite/,
	],
	[
		'reference images on an official model',
		params('veo3.1-fast-official', {
			imageInputType: 'referenceBinary',
			referenceBinaryProperties: 'data',
		}),
		/^Reference Image Binary Properties: reference images are for veo3\.1-fast and veo3\.1-lite only/,
	],
	[
		'GIF at 1080p',
		params('veo3.1-fast', { resolution: '1080p', options: { outputGif: true } }),
		/^Output GIF: a GIF is made at 720p only/,
	],
	[
		'GIF at 4K',
		params('veo3.1-lite', { resolution: '4K', options: { outputGif: true } }),
		/^Output GIF: a GIF is made at 720p only/,
	],
	[
		'GIF on an official model',
		byExpression('veo3.1-quality-official', { options: { outputGif: true } }),
		/^Output GIF: veo3\.1-quality-official does not take it; only veo3\.1-fast, veo3\.1-quality or veo3\.1-lite do/,
	],
	[
		'Official Fallback on an official model',
		byExpression('veo3.1-fast-official', { options: { officialFallback: true } }),
		/^Official Fallback: veo3\.1-fast-official does not take it/,
	],
	[
		'a last frame without a first on veo3.1-fast',
		params('veo3.1-fast', {
			imageInputType: 'url',
			lastFrameImage: 'https://example.com/b.png',
		}),
		/^First Frame Image URL: must be set/,
	],
];

describe('what the chosen model cannot take is refused before anything is sent', () => {
	test.each(refusals)('%s', async (_name, parameters, message) => {
		const result = await run(sim, { parameters, items: [photos], typeVersion: 1.1 });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/^Got /);
		expect(sim.log).toHaveLength(0);
		expect(sim.fileLog).toHaveLength(0);
	});

	test('a field the panel hides for the chosen model is dropped by n8n, never sent', async () => {
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { options: { seed: 3, outputGif: true } }),
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].body).not.toHaveProperty('seed');
		expect(creates()[0].body.enable_gif).toBe(true);
	});

	test('version 1 with a channel model typed in: its official-only options are refused too', async () => {
		const result = await run(sim, {
			parameters: {
				operation: 'createVideo',
				prompt: 'a kite',
				model: 'other',
				customModel: 'veo3.1-fast',
				waitForCompletion: false,
				options: { enhancePrompt: false },
			},
		});
		expect(result.error?.message).toMatch(/^Enhance Prompt: veo3\.1-fast does not take it/);
		expect(sim.log).toHaveLength(0);
	});
});

describe('the panel offers what the chosen model takes', () => {
	const options = description.properties.find(
		(p) => p.name === 'options' && JSON.stringify(p.displayOptions).includes('1.1'),
	)!;
	const shownOptions = (modelId: unknown) =>
		(options.options as Array<{ name: string }>)
			.filter((option) =>
				NodeHelpers.displayParameter({}, option as never, { typeVersion: 1.1 }, description, {
					modelId,
					returnAs: 'binary',
				} as INodeParameters),
			)
			.map((option) => option.name);
	const official = ['enhancePrompt', 'generateAudio', 'negativePrompt', 'personGeneration'];
	const channel = ['officialFallback', 'outputGif'];

	test.each(['veo3.1-fast', 'veo3.1-quality', 'veo3.1-lite'])(
		'%s: Output GIF and Official Fallback, no official-only option',
		(id) => {
			const shown = shownOptions({ __rl: true, mode: 'list', value: id });
			expect(shown).toEqual(expect.arrayContaining(channel));
			for (const name of official) expect(shown).not.toContain(name);
		},
	);

	test.each(['veo3.1-fast-official', 'veo3-pro-preview'])(
		'%s: the official options, not the channel ones',
		(id) => {
			const shown = shownOptions({ __rl: true, mode: 'id', value: id });
			expect(shown).toEqual(expect.arrayContaining([...official, 'sampleCount', 'seed']));
			for (const name of channel) expect(shown).not.toContain(name);
		},
	);

	test('a model given by an expression: every option (the run checks them)', () => {
		const shown = shownOptions({ __rl: true, mode: 'id', value: '={{ $json.model }}' });
		expect(shown).toEqual(expect.arrayContaining([...official, ...channel]));
	});
});

describe('Output GIF: the GIF the user asked for, stored as a GIF', () => {
	test('a GIF task: the file is stored as image/gif, named .gif, and the output says gif', async () => {
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { returnAs: 'binary', options: { outputGif: true } }),
			typeVersion: 1.1,
		});
		expect(result.error).toBeUndefined();
		const file = result.items[0].binary!.data;
		expect(file.mimeType).toBe('image/gif');
		expect(file.fileName).toMatch(/\.gif$/);
		expect(result.items[0].json.fileType).toBe('gif');
		const id = result.items[0].json.taskId as string;
		expect((await binaryBuffer(file)).equals(sim.gifBytesFor(id))).toBe(true);
	});

	test('a host that sends a video where a GIF was asked for: refused, the task named', async () => {
		sim.inject('file', { serve: { contentType: 'video/mp4', body: sim.videoBytesFor('x') } });
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { returnAs: 'binary', options: { outputGif: true } }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(
			/^Task \S+: the video host sent a file that is not a GIF .* instead of a GIF/,
		);
	});

	test('a host that sends a GIF where a video was asked for: refused', async () => {
		sim.inject('file', { serve: { contentType: 'image/gif', body: sim.gifBytesFor('x') } });
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { returnAs: 'binary' }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(
			/the video host sent a image\/gif document instead of a video/,
		);
	});

	test('an HTML page where a GIF was asked for: refused', async () => {
		sim.inject('file', {
			serve: { contentType: 'text/html', body: '<html>This link has expired</html>' },
		});
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { returnAs: 'binary', options: { outputGif: true } }),
			typeVersion: 1.1,
		});
		expect(result.error?.message).toMatch(/sent a text\/html document instead of a GIF/);
	});

	test('Get Task takes a GIF or a video and says which it found', async () => {
		const made = await run(sim, {
			parameters: params('veo3.1-lite', { options: { outputGif: true } }),
			typeVersion: 1.1,
		});
		await pause(5);
		const result = await run(sim, {
			parameters: {
				operation: 'getTask',
				taskId: made.items[0].json.taskId,
				downloadVideo: true,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.fileType).toBe('gif');
		expect(result.items[0].binary!.data.mimeType).toBe('image/gif');
	});
});

describe('a create answer that names several tasks: every one is named by the item', () => {
	afterEach(() => (sim.config.tasksPerCreate = 1));

	test('the output names the others (otherTaskIds), and so does the execution data', async () => {
		sim.config.tasksPerCreate = 3;
		const result = await run(sim, { parameters: params('veo3.1-fast'), typeVersion: 1.1 });
		const ids = sim.newTasks().map((task) => task.id);
		expect(ids).toHaveLength(3);
		expect(result.items[0].json.taskId).toBe(ids[0]);
		expect(result.items[0].json.otherTaskIds).toEqual(ids.slice(1));
	});

	test("an item's error names every task the answer named", async () => {
		sim.config.tasksPerCreate = 2;
		const result = await run(sim, {
			parameters: params('veo3.1-fast', { prompt: 'a kite [fail]', returnAs: 'url' }),
			typeVersion: 1.1,
		});
		const ids = sim.newTasks().map((task) => task.id);
		expect(result.error?.message).toContain(ids[0]);
		expect(result.error?.message).toContain(ids[1]);
	});
});
