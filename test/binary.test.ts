/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer } from './support/harness';
import { createParams, makeMp4, run, useSimulator } from './support/sim';

const sim = useSimulator({ videoBytes: 300_000 });

const png = Buffer.concat([
	Buffer.from('89504e470d0a1a0a', 'hex'),
	makeMp4(2000, 'png').subarray(8),
]);
function imageItem(
	binary: Record<string, { bytes: Buffer; mimeType: string; fileName?: string }>,
): INodeExecutionData {
	const item: INodeExecutionData = { json: {}, binary: {} };
	for (const [key, { bytes, mimeType, fileName }] of Object.entries(binary)) {
		item.binary![key] = { data: bytes.toString('base64'), mimeType, fileName };
	}
	return item;
}

describe('video download', () => {
	test('the mp4 arrives intact as binary data with mime type, file name and size', async () => {
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.error).toBeUndefined();
		const { json, binary } = result.items[0];
		const file = binary!.data;
		expect(file.mimeType).toBe('video/mp4');
		expect(file.fileName).toBe(`${json.taskId}.mp4`);
		expect(file.fileExtension).toBe('mp4');
		expect(file.fileSize).toMatch(/kB|KB/);
		const bytes = await binaryBuffer(file);
		expect(bytes.equals(sim.videoBytesFor(String(json.taskId)))).toBe(true);
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		// Where n8n keeps it depends on its binary mode: on disk (2.x default) or in the item.
		if (process.env.N8N_DEFAULT_BINARY_DATA_MODE === 'filesystem') {
			expect(file.id).toMatch(/^filesystem/);
			expect(file.data).toBe('filesystem-v2');
		} else {
			expect(file.id).toBeUndefined();
			expect(Buffer.from(file.data, 'base64').equals(bytes)).toBe(true);
		}
	});

	test('the file host never sees the API key; the API host always does', async () => {
		await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(sim.fileLog.length).toBeGreaterThan(0);
		for (const request of sim.fileLog) expect(request.headers).not.toHaveProperty('authorization');
		for (const request of sim.log)
			expect(request.headers.authorization).toBe(`Bearer ${sim.config.apiKey}`);
	});

	test('several samples: data, data_1, ... each its own file; videoUrls lists them all', async () => {
		const result = await run(sim, {
			parameters: createParams({
				downloadVideo: true,
				binaryPropertyName: 'video',
				options: { sampleCount: 3 },
			}),
		});
		const { json, binary } = result.items[0];
		expect(json.videoUrls).toHaveLength(3);
		expect(Object.keys(binary!).sort()).toEqual(['video', 'video_1', 'video_2']);
		for (const [n, key] of ['video', 'video_1', 'video_2'].entries()) {
			expect(binary![key].fileName).toBe(`${json.taskId}_${n + 1}.mp4`);
			expect(
				(await binaryBuffer(binary![key])).equals(sim.videoBytesFor(String(json.taskId), n)),
			).toBe(true);
		}
	});

	test('Get Task downloads a completed task', async () => {
		const created = await run(sim, { parameters: createParams() });
		const taskId = String(created.items[0].json.taskId);
		const result = await run(sim, {
			parameters: { operation: 'getTask', taskId, downloadVideo: true },
		});
		expect(
			(await binaryBuffer(result.items[0].binary!.data)).equals(sim.videoBytesFor(taskId)),
		).toBe(true);
	});

	test('no download unless asked', async () => {
		const result = await run(sim, { parameters: createParams() });
		expect(result.items[0].binary).toBeUndefined();
		expect(sim.fileLog).toHaveLength(0);
	});
});

describe('image input from binary data', () => {
	test('an image the gateway finds too large (413): not retried, nothing created, the message says so', async () => {
		sim.inject('upload', { status: 413, body: { error: { message: 'file too large' } } });
		const result = await run(sim, {
			parameters: createParams({
				imageInputType: 'binary',
				firstFrameBinaryProperty: 'data',
				waitForCompletion: false,
			}),
			items: [imageItem({ data: { bytes: png, mimeType: 'image/png', fileName: 'first.png' } })],
		});
		expect(result.error?.message).toBe(
			'The image is too large for the gateway (413): file too large',
		);
		expect(sim.requests('POST', '/v1/uploads/images')).toHaveLength(1);
		expect(sim.requests('POST', '/v1/videos/generations')).toHaveLength(0);
	});

	test('the image is uploaded with its exact bytes and the create call uses the returned URL', async () => {
		const last = Buffer.from(png);
		last[100] ^= 0xff;
		const result = await run(sim, {
			parameters: createParams({
				imageInputType: 'binary',
				firstFrameBinaryProperty: 'data',
				lastFrameBinaryProperty: 'end',
				waitForCompletion: false,
			}),
			items: [
				imageItem({
					data: { bytes: png, mimeType: 'image/png', fileName: 'first.png' },
					end: { bytes: last, mimeType: 'image/png', fileName: 'last.png' },
				}),
			],
		});
		expect(result.error).toBeUndefined();
		const uploads = sim.requests('POST', '/v1/uploads/images');
		expect(uploads).toHaveLength(2);
		expect(uploads[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(uploads[0].rawBody.includes(png)).toBe(true);
		expect(uploads[1].rawBody.includes(last)).toBe(true);
		expect(uploads[0].rawBody.toString('latin1')).toContain('name="file"; filename="first.png"');
		const body = sim.requests('POST', '/v1/videos/generations')[0].body;
		expect(body.first_frame_image).toMatch(
			new RegExp(`^${sim.fileUrl}/images/img_\\d+_first.png$`),
		);
		expect(body.last_frame_image).toMatch(/_last.png$/);
		expect(body.first_frame_image).not.toBe(body.last_frame_image);
	});

	test.each([
		[
			'a missing binary property',
			{ other: { bytes: png, mimeType: 'image/png' } },
			/First Frame Binary Property: the input item has no binary property "data"/,
		],
		[
			'a non-image',
			{ data: { bytes: Buffer.from('%PDF-1.4'), mimeType: 'application/pdf' } },
			/First Frame Binary Property: binary property "data" is application\/pdf; allowed are JPEG, PNG, WebP and GIF/,
		],
		[
			'an image over 20 MB',
			{ data: { bytes: Buffer.alloc(20 * 1024 * 1024 + 1), mimeType: 'image/jpeg' } },
			/First Frame Binary Property: binary property "data" is 20.0 MB; the limit is 20 MB/,
		],
	])('%s gets a clear error and nothing is created', async (_name, binary, message) => {
		const result = await run(sim, {
			parameters: createParams({ imageInputType: 'binary', firstFrameBinaryProperty: 'data' }),
			items: [imageItem(binary as never)],
		});
		expect(result.error?.message).toMatch(message);
		expect(sim.requests('POST', '/v1/videos/generations')).toHaveLength(0);
	});
});

describe('what the video host sends is checked', () => {
	test('an HTML page ("this link has expired") is not stored as a video', async () => {
		sim.inject('file', {
			serve: { contentType: 'text/html', body: Buffer.from('<html>This link has expired</html>') },
		});
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.error?.message).toMatch(
			/^Task task_\w+: the video host sent a text\/html document instead of a video$/,
		);
		expect(result.error?.description).toMatch(/finished and paid for/);
		expect(sim.fileLog).toHaveLength(1);
	});

	test('a file that is not a video, whatever its content type says, is not stored', async () => {
		sim.inject('file', {
			serve: {
				contentType: 'video/mp4',
				body: Buffer.from('<html><body>Access denied</body></html>'),
			},
		});
		const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
		expect(result.error?.message).toMatch(
			/^Task task_\w+: the video host sent a file that is not a video \(it starts with "<html><body>"\) instead of a video$/,
		);
	});

	test('a file over Max Video Size is cut off while streaming (no length announced)', async () => {
		sim.inject('file', {
			serve: { contentType: 'video/mp4', body: makeMp4(3 * 1048576, 'huge'), noLength: true },
		});
		const result = await run(sim, {
			parameters: createParams({ downloadVideo: true, advancedOptions: { maxVideoMegabytes: 1 } }),
		});
		expect(result.error?.message).toMatch(
			/^Task task_\w+: the video host sent a file larger than 1 MB instead of a video$/,
		);
	});

	test('a file over Max Video Size by its announced length is not downloaded at all', async () => {
		sim.inject('file', { serve: { contentType: 'video/mp4', body: makeMp4(3 * 1048576, 'huge') } });
		const result = await run(sim, {
			parameters: createParams({ downloadVideo: true, advancedOptions: { maxVideoMegabytes: 2 } }),
		});
		expect(result.error?.message).toMatch(
			/^Task task_\w+: the video host sent a file of 3 MB instead of a video$/,
		);
	});

	test('a relative video link is fetched from the gateway, without the API key', async () => {
		sim.config.urlShape = 'relative';
		try {
			const result = await run(sim, { parameters: createParams({ downloadVideo: true }) });
			expect(result.error).toBeUndefined();
			const taskId = String(result.items[0].json.taskId);
			expect(
				(await binaryBuffer(result.items[0].binary!.data)).equals(sim.videoBytesFor(taskId)),
			).toBe(true);
			const fetched = sim.requests('GET', '/videos/');
			expect(fetched).toHaveLength(1);
			expect(fetched[0].headers).not.toHaveProperty('authorization');
		} finally {
			sim.config.urlShape = 'array';
		}
	});
});
