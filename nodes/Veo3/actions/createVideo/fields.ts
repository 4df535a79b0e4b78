// Create Video's fields that every node version shows the same way. A version's own fields are
// in panel.v1.ts and panel.v1_1.ts.
import type { INodeProperties } from 'n8n-workflow';

import { LIMITS } from './limits';

const showBinary = { show: { imageInputType: ['binary'] } };
const showUrl = { show: { imageInputType: ['url'] } };

export const ASPECT_RATIO_OPTIONS = [
	{ name: '16:9 (Landscape)', value: '16:9' },
	{ name: '9:16 (Portrait)', value: '9:16' },
];

/** Resolution's choices, with what each is (the panel's spelling: `4K`; channels.ts spells it per model). */
export const RESOLUTION_OPTIONS = [
	{ name: '720p', value: '720p', description: 'Standard definition, the API default' },
	{ name: '1080p', value: '1080p', description: 'High definition' },
	{ name: '4K', value: '4K', description: 'Ultra high definition' },
];

/** Prompt, Duration, Aspect Ratio, Resolution. */
export const videoFields: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. a golden retriever running on the beach, sunset, cinematic',
		description: 'What the video shows: scene, action, style. English works best.',
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		options: [
			{ name: '4 Seconds', value: 4 },
			{ name: '6 Seconds', value: 6 },
			{ name: '8 Seconds', value: 8 },
		],
		default: 8,
		description:
			'How long the video is: 4, 6 or 8 seconds on the official models (8 is the default); veo3.1-fast, -quality and -lite make 8-second videos only',
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: ASPECT_RATIO_OPTIONS,
		default: '16:9',
		description:
			'The shape of the frame: 16:9 for landscape (the API default), 9:16 for portrait (phone screens, Shorts, Reels)',
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: RESOLUTION_OPTIONS,
		default: '720p',
		description:
			"720p is the default. Official models: Google's rules allow 1080p and 4K only for 8-second videos, and Lite has no 4K (a gateway that refuses fails the item with its message). Veo3.1-fast, -quality and -lite: 720p, 1080p or 4K; a GIF is 720p only. Each task's price is in the output (cost in USD, creditsCost in credits).",
	},
];

/** The frame fields, shown by Image Input. */
export const frameFields: INodeProperties[] = [
	{
		displayName: 'First Frame Image URL',
		name: 'firstFrameImage',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/first.png',
		displayOptions: showUrl,
		description: 'Public image URL (no hotlink protection) the video starts from',
	},
	{
		displayName: 'Last Frame Image URL',
		name: 'lastFrameImage',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/last.png',
		displayOptions: showUrl,
		description: 'Public image URL the video ends on. Needs a first frame.',
	},
	{
		displayName: 'First Frame Binary Property',
		name: 'firstFrameBinaryProperty',
		type: 'string',
		default: 'data',
		displayOptions: showBinary,
		hint: 'JPEG, PNG, WebP or GIF, up to 20 MB; it is uploaded to the gateway first',
		description: 'The binary property of the input item holding the first frame image',
	},
	{
		displayName: 'Last Frame Binary Property',
		name: 'lastFrameBinaryProperty',
		type: 'string',
		default: '',
		placeholder: 'e.g. last',
		displayOptions: showBinary,
		description: 'The binary property holding the last frame image. Empty for none.',
	},
];

/** What the video is made with: sent only when added, so the gateway's defaults apply otherwise. */
export const generationOptions: INodeProperties[] = [
	{
		displayName: 'Enhance Prompt',
		name: 'enhancePrompt',
		type: 'boolean',
		default: true,
		description: 'Whether the gateway may rewrite the prompt to improve the result',
	},
	{
		displayName: 'Generate Audio',
		name: 'generateAudio',
		type: 'boolean',
		default: true,
		description: 'Whether to generate an audio track',
	},
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		default: '',
		placeholder: 'e.g. blurry, low quality, watermark, text',
		description: 'What the video should not contain',
	},
	{
		displayName: 'Person Generation',
		name: 'personGeneration',
		type: 'options',
		options: [
			{
				name: 'Allow Adults',
				value: 'allow_adult',
				description: 'Adult people and faces only (the API default)',
			},
			{ name: 'Disallow', value: 'disallow', description: 'No people or faces' },
		],
		default: 'allow_adult',
		description: 'Whether the video may show people: adults only, or no people or faces at all',
	},
	{
		displayName: 'Sample Count',
		name: 'sampleCount',
		type: 'number',
		typeOptions: {
			minValue: LIMITS.sampleCount.min,
			maxValue: LIMITS.sampleCount.max,
			numberPrecision: 0,
		},
		default: 1,
		description: 'How many videos to generate (1 to 4). Each one is billed.',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: LIMITS.seed.max, numberPrecision: 0 },
		default: 0,
		description: 'Fixes randomness to reproduce a result (0 to 4294967295)',
	},
];

export const OPTIONS_DESCRIPTION =
	'Only the generation options you add are sent; the gateway applies its defaults to the rest';
