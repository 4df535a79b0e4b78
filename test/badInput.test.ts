import { Veo3 } from '../nodes/Veo3/Veo3.node';
import { createParams, run, useSimulator } from './support/sim';

const sim = useSimulator();

const png = {
	data: Buffer.from('89504e470d0a1a0a', 'hex').toString('base64'),
	mimeType: 'image/png',
};
const empty = '={{ "" }}'; // what a mapping expression gives when the input field is empty
const withFirst = { firstFrameImage: 'https://example.com/a.png' };
const getTask = (overrides: Record<string, unknown>) => ({
	operation: 'getTask',
	taskId: 'task_01ABC',
	...overrides,
});

// [case, parameters, message]: every message names the field as the UI shows it and what is allowed.
// These run as version 1 (the harness's default); the newest version's own fields are in newestCases.
const cases: Array<[string, Record<string, unknown>, RegExp]> = [
	['empty prompt', createParams({ prompt: empty }), /^Prompt: must not be empty$/],
	['blank prompt', createParams({ prompt: '   ' }), /^Prompt: must not be empty$/],
	[
		'empty custom model',
		createParams({ model: 'other', customModel: empty }),
		/^Model Name: must not be empty$/,
	],
	[
		'custom model with spaces',
		createParams({ model: 'other', customModel: 'veo 3' }),
		/^Model Name: must not contain spaces$/,
	],
	['duration 5', createParams({ duration: 5 }), /^Duration: must be one of 4, 6, 8$/],
	['duration "10"', createParams({ duration: '10' }), /^Duration: must be one of 4, 6, 8$/],
	['duration "eight"', createParams({ duration: 'eight' }), /^Duration: must be one of 4, 6, 8$/],
	[
		'aspect ratio 4:3',
		createParams({ aspectRatio: '4:3' }),
		/^Aspect Ratio: must be one of 16:9, 9:16$/,
	],
	[
		'resolution 2K',
		createParams({ resolution: '2K' }),
		/^Resolution: must be one of 720p, 1080p, 4K$/,
	],
	[
		'resolution 720P',
		createParams({ resolution: '720P' }),
		/^Resolution: must be one of 720p, 1080p, 4K$/,
	],
	[
		'first frame not a URL',
		createParams({ firstFrameImage: 'not a url' }),
		/^First Frame Image URL: must be a public http\(s\) URL/,
	],
	[
		'first frame ftp URL',
		createParams({ firstFrameImage: 'ftp://example.com/a.png' }),
		/^First Frame Image URL: must be a public http\(s\) URL/,
	],
	[
		'first frame javascript URL',
		createParams({ firstFrameImage: 'javascript:alert(1)' }),
		/^First Frame Image URL: must be/,
	],
	[
		'last frame without first',
		createParams({ lastFrameImage: 'https://example.com/b.png' }),
		/^Last Frame Image URL: needs a first frame image too/,
	],
	[
		'last frame not a URL',
		createParams({ ...withFirst, lastFrameImage: 'b.png' }),
		/^Last Frame Image URL: must be a public http\(s\) URL/,
	],
	[
		'seed -1',
		createParams({ options: { seed: -1 } }),
		/^Seed: must be a whole number from 0 to 4294967295$/,
	],
	[
		'seed 4294967296',
		createParams({ options: { seed: 4294967296 } }),
		/^Seed: must be a whole number from 0 to 4294967295$/,
	],
	[
		'seed 1.5',
		createParams({ options: { seed: 1.5 } }),
		/^Seed: must be a whole number from 0 to 4294967295$/,
	],
	[
		'sample count 0',
		createParams({ options: { sampleCount: 0 } }),
		/^Sample Count: must be a whole number from 1 to 4$/,
	],
	[
		'sample count 5',
		createParams({ options: { sampleCount: 5 } }),
		/^Sample Count: must be a whole number from 1 to 4$/,
	],
	[
		'sample count 2.5',
		createParams({ options: { sampleCount: 2.5 } }),
		/^Sample Count: must be a whole number from 1 to 4$/,
	],
	[
		'person generation allow_all',
		createParams({ options: { personGeneration: 'allow_all' } }),
		/^Person Generation: must be one of allow_adult, disallow$/,
	],
	[
		'resize mode on text-to-video',
		createParams({ options: { resizeMode: 'crop' } }),
		/^Resize Mode: applies to image-to-video only/,
	],
	[
		'resize mode stretch',
		createParams({ ...withFirst, options: { resizeMode: 'stretch' } }),
		/^Resize Mode: must be one of pad, crop$/,
	],
	[
		'negative prompt a number',
		createParams({ options: { negativePrompt: '={{ 42 }}' } }),
		/^Negative Prompt: must be text$/,
	],
	[
		'generate audio "yes"',
		createParams({ options: { generateAudio: 'yes' } }),
		/^Generate Audio: must be true or false$/,
	],
	[
		'enhance prompt "no"',
		createParams({ options: { enhancePrompt: 'no' } }),
		/^Enhance Prompt: must be true or false$/,
	],
	[
		'max wait 0',
		createParams({ maxWaitSeconds: 0 }),
		/^Max Wait \(Seconds\): must be a whole number from 1 to 86400$/,
	],
	[
		'max wait 100000',
		createParams({ maxWaitSeconds: 100000 }),
		/^Max Wait \(Seconds\): must be a whole number from 1 to 86400$/,
	],
	[
		'poll interval 0',
		createParams({ pollIntervalSeconds: 0 }),
		/^Poll Interval \(Seconds\): must be a whole number from 1 to 3600$/,
	],
	[
		'poll interval longer than max wait',
		createParams({ maxWaitSeconds: 60, pollIntervalSeconds: 120 }),
		/^Poll Interval \(Seconds\): must not be longer than Max Wait \(Seconds\), 60$/,
	],
	[
		'empty output field',
		createParams({ downloadVideo: true, binaryPropertyName: empty }),
		/^Put Output File in Field: must be a binary property name/,
	],
	[
		'output field with spaces',
		createParams({ downloadVideo: true, binaryPropertyName: 'my video' }),
		/^Put Output File in Field: must be a binary property name/,
	],
	[
		'concurrency 0',
		createParams({ advancedOptions: { concurrency: 0 } }),
		/^Concurrency: must be a whole number from 1 to 20$/,
	],
	[
		'concurrency 21',
		createParams({ advancedOptions: { concurrency: 21 } }),
		/^Concurrency: must be a whole number from 1 to 20$/,
	],
	[
		'request timeout 0',
		createParams({ advancedOptions: { requestTimeoutSeconds: 0 } }),
		/^Request Timeout \(Seconds\): must be a whole number from 1 to 600$/,
	],
	[
		'language klingon',
		createParams({ advancedOptions: { language: 'tlh' } }),
		/^Language of Messages: must be one of en, zh, ja, ko, ru, fr, de, id, pt, es$/,
	],
	[
		'image input "file"',
		createParams({ imageInputType: 'file' }),
		/^Image Input: must be one of url, binary$/,
	],
	[
		'binary property name with spaces',
		createParams({ imageInputType: 'binary', firstFrameBinaryProperty: 'my image' }),
		/^First Frame Binary Property: must be a binary property name/,
	],
	[
		'binary last frame without first',
		createParams({
			imageInputType: 'binary',
			firstFrameBinaryProperty: empty,
			lastFrameBinaryProperty: 'data',
		}),
		/^Last Frame Binary Property: needs a first frame image too/,
	],
	[
		'wait "maybe"',
		createParams({ waitForCompletion: 'maybe' }),
		/^Wait for Completion: must be true or false$/,
	],
	[
		'download "yes"',
		createParams({ downloadVideo: 'yes' }),
		/^Download Video: must be true or false$/,
	],
	['empty task id', getTask({ taskId: empty }), /^Task ID: must not be empty$/],
	['blank task id', getTask({ taskId: '   ' }), /^Task ID: must not be empty$/],
	[
		'task id with a control character',
		getTask({ taskId: 'task_1\nHost: evil' }),
		/^Task ID: must be the task ID the gateway gave \(not "\." or "\.\.", no control characters/,
	],
	['task id .', getTask({ taskId: '.' }), /^Task ID: must be the task ID the gateway gave/],
	['task id ..', getTask({ taskId: '..' }), /^Task ID: must be the task ID the gateway gave/],
	[
		'get task max wait -5',
		getTask({ waitForCompletion: true, maxWaitSeconds: -5 }),
		/^Max Wait \(Seconds\): must be a whole number/,
	],
	[
		'get task poll interval 1.5',
		getTask({ waitForCompletion: true, pollIntervalSeconds: 1.5 }),
		/^Poll Interval \(Seconds\): must be a whole number/,
	],
	[
		'get task concurrency 99',
		getTask({ advancedOptions: { concurrency: 99 } }),
		/^Concurrency: must be a whole number from 1 to 20$/,
	],
	[
		'get task empty output field',
		getTask({ downloadVideo: true, binaryPropertyName: empty }),
		/^Put Output File in Field: must be a binary property name/,
	],
	[
		'get task language xx',
		getTask({ advancedOptions: { language: 'xx' } }),
		/^Language of Messages: must be one of/,
	],
];

/** The newest node version's own fields (version 1 drops what its panel does not show). */
const NEWEST = Math.max(...(new Veo3().description.version as number[]));
const newest = (overrides: Record<string, unknown>) => ({
	operation: 'createVideo',
	prompt: 'a red kite over the sea',
	...overrides,
});
const newestCases: Array<[string, Record<string, unknown>, RegExp]> = [
	[
		'empty model ID',
		newest({ modelId: { __rl: true, mode: 'id', value: empty } }),
		/^Model: must not be empty$/,
	],
	['return xx', newest({ returnAs: 'xx' }), /^Return: must be one of/],
	[
		'Options → Max Wait 0',
		newest({ returnAs: 'url', options: { maxWaitSeconds: 0 } }),
		/^Max Wait \(Seconds\): must be a whole number from 1 to 86400$/,
	],
	[
		'Resize Mode zoom',
		newest({ imageInputType: 'url', ...withFirst, resizeMode: 'zoom' }),
		/^Resize Mode: must be one of/,
	],
];

describe('bad input is refused before any request is sent', () => {
	test.each(cases)('%s', async (_name, parameters, message) => {
		const result = await run(sim, { parameters, items: [{ json: {}, binary: { data: png } }] });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/^Got /);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expect(sim.log).toHaveLength(0);
		expect(sim.fileLog).toHaveLength(0);
	});

	test.each(newestCases)(`version ${NEWEST}: %s`, async (_name, parameters, message) => {
		const result = await run(sim, { parameters, typeVersion: NEWEST });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/^Got /);
		expect(sim.log).toHaveLength(0);
		expect(sim.fileLog).toHaveLength(0);
	});

	test('one bad item among good ones: nothing is sent for any of them', async () => {
		const result = await run(sim, {
			parameters: createParams({ prompt: '={{ $json.prompt }}' }),
			items: [
				{ json: { prompt: 'fine' } },
				{ json: { prompt: 'also fine' } },
				{ json: { prompt: '' } },
			],
		});
		expect(result.error?.message).toBe('Prompt: must not be empty');
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		expect(sim.log).toHaveLength(0);
	});
});
