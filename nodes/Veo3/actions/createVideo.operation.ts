import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkBinaryImage } from '../helpers/binary';
import { idempotencyKey, instanceIdOf } from '../helpers/createTask';
import {
	invalidField,
	requireBinaryPropertyName,
	requireBoolean,
	requireHttpUrl,
	requireInteger,
	requireOneOf,
	requireText,
} from '../helpers/validate';
import type { RunSettings } from './common';
import {
	advancedOptionsField,
	readReturnAs,
	readWaitAndDownload,
	waitAndDownloadFields,
	waitOptions,
} from './common';
import type { FrameSource, ItemJob } from './processItem';

/** The built-in model list, shown when the gateway does not list its models. */
export const MODEL_NAMES: Record<string, string> = {
	'veo3.1-fast-official': 'Veo 3.1 Fast',
	'veo3.1-quality-official': 'Veo 3.1 Quality',
	'veo3.1-lite-official': 'Veo 3.1 Lite',
};
const DURATIONS = [4, 6, 8] as const;
const ASPECT_RATIOS = ['16:9', '9:16'] as const;
const RESOLUTIONS = ['720p', '1080p', '4K'] as const;
const PERSON_GENERATION = ['allow_adult', 'disallow'] as const;
const RESIZE_MODES = ['pad', 'crop'] as const;
const MAX_SEED = 4_294_967_295;

const showBinary = { show: { imageInputType: ['binary'] } };
const showUrl = { show: { imageInputType: ['url'] } };
// Version 1.1 (new nodes) has a leaner panel: a model picker, "None (Text to Video)" as the input mode,
// Resize Mode only for image modes, one Return choice instead of Wait + Download, and the
// waiting settings in Options. Version 1 keeps its fields and defaults: saved workflows store
// only values that differ from a default, so a changed default would change what they do.
const V1 = { '@version': [1] };
const V1_1 = { '@version': [1.1] };

const fields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{
				name: 'Other (Enter Name)',
				value: 'other',
				description: 'A model name your gateway lists that is not here',
			},
			{ name: 'Veo 3.1 Fast', value: 'veo3.1-fast-official', description: 'Faster and cheaper' },
			{
				name: 'Veo 3.1 Lite',
				value: 'veo3.1-lite-official',
				description: 'Offered by newer gateways',
			},
			{ name: 'Veo 3.1 Quality', value: 'veo3.1-quality-official', description: 'Highest quality' },
		],
		default: 'veo3.1-fast-official',
		displayOptions: { show: V1 },
	},
	{
		displayName: 'Model',
		name: 'modelId',
		type: 'resourceLocator',
		// cachedResultName: a new node shows the model's name, as the picker does, not a bare ID.
		default: {
			mode: 'list',
			value: 'veo3.1-fast-official',
			cachedResultName: 'Veo 3.1 Fast (veo3.1-fast-official)',
		},
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'listModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. veo3.1-fast-official',
			},
		],
		displayOptions: { show: V1_1 },
		description:
			'The Veo models your gateway lists (or Veo 3.1 Fast, Quality and Lite), or any model ID',
	},
	{
		displayName: 'Model Name',
		name: 'customModel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. veo3.1-fast-official',
		displayOptions: { show: { ...V1, model: ['other'] } },
		description: 'The exact model name as the gateway lists it',
	},
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
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [
			{ name: '16:9 (Landscape)', value: '16:9' },
			{ name: '9:16 (Portrait)', value: '9:16' },
		],
		default: '16:9',
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: [
			{ name: '720p', value: '720p' },
			{ name: '1080p', value: '1080p' },
			{ name: '4K', value: '4K' },
		],
		default: '720p',
	},
	{
		displayName: 'Image Input',
		name: 'imageInputType',
		type: 'options',
		options: [
			{ name: 'Binary Data From the Input Item', value: 'binary' },
			{ name: 'URL', value: 'url' },
		],
		default: 'url',
		displayOptions: { show: V1 },
		description:
			'Where first/last frame images come from. Leave the image fields empty for text-to-video; set a first frame for image-to-video.',
	},
	{
		displayName: 'Image Input',
		name: 'imageInputType',
		type: 'options',
		options: [
			{ name: 'None (Text to Video)', value: 'text' },
			{
				name: 'Image From URL',
				value: 'url',
				description: 'The video starts from (and may end on) images at public URLs',
			},
			{
				name: 'Image From Binary Data',
				value: 'binary',
				description:
					'The video starts from (and may end on) image files of the input item, uploaded to the gateway first',
			},
		],
		default: 'text',
		displayOptions: { show: V1_1 },
	},
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
	{
		displayName: 'Resize Mode',
		name: 'resizeMode',
		type: 'options',
		options: [
			{
				name: 'Pad',
				value: 'pad',
				description: 'Fit the whole image, with bars where the aspect ratio differs',
			},
			{ name: 'Crop', value: 'crop', description: 'Fill the frame, cutting off what does not fit' },
		],
		default: 'pad',
		displayOptions: { show: { ...V1_1, imageInputType: ['url', 'binary'] } },
		description: 'How the first frame is fitted to the aspect ratio',
	},
];

/** What the video is made with: sent only when added, so the gateway's defaults apply otherwise. */
const generationOptions: INodeProperties[] = [
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
			{ name: 'Allow Adults', value: 'allow_adult' },
			{ name: 'Disallow', value: 'disallow', description: 'No people or faces' },
		],
		default: 'allow_adult',
	},
	{
		displayName: 'Sample Count',
		name: 'sampleCount',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 4, numberPrecision: 0 },
		default: 1,
		description: 'How many videos to generate (1 to 4). Each one is billed.',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_SEED, numberPrecision: 0 },
		default: 0,
		description: 'Fixes randomness to reproduce a result (0 to 4294967295)',
	},
];

const resizeModeOption: INodeProperties = {
	displayName: 'Resize Mode',
	name: 'resizeMode',
	type: 'options',
	options: [
		{ name: 'Crop', value: 'crop' },
		{ name: 'Pad', value: 'pad' },
	],
	default: 'pad',
	description: 'How the first frame is fitted to the aspect ratio (image-to-video only)',
};

const OPTIONS_DESCRIPTION =
	'Only the generation options you add are sent; the gateway applies its defaults to the rest';

/** Version 1.1: how the video comes back, one choice. In a workflow the file is the default. */
const returnField: INodeProperties = {
	displayName: 'Return',
	name: 'returnAs',
	type: 'options',
	options: [
		{
			name: 'Video File',
			value: 'binary',
			description: 'Wait for the video and download it as binary data for the next node',
		},
		{
			name: 'Video URL',
			value: 'url',
			description: 'Wait for the video and return its link (valid until expiresAt)',
		},
		{
			name: 'Task ID Only',
			value: 'taskId',
			description:
				'Return at once; get the video later with Get Task, or have the gateway call back (long videos)',
		},
	],
	default: 'binary',
	// `hide` on @tool, not `show: false`: n8n 1.x does not know @tool, and a `show` on it would
	// hide Return (and the Callback URL that depends on it) from every 1.1 node there.
	displayOptions: { show: V1_1, hide: { '@tool': [true] } },
};

const callbackUrlField: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $execution.resumeUrl }}',
	hint: 'For long videos: {{ $execution.resumeUrl }} here, then a Wait node (On Webhook Call, POST, suffix "callback"), then Get Task',
	description:
		"Sent as webhook: when the task ends, the gateway POSTs the task to this URL with /callback appended. It must be reachable from the internet (n8n's WEBHOOK_URL). Empty for none.",
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['createVideo'] } },
	[
		...fields,
		// Version 1: waiting and downloading as two switches, then the generation options.
		...updateDisplayOptions({ show: V1 }, waitAndDownloadFields(true, true)),
		{ ...callbackUrlField, displayOptions: { show: { ...V1, waitForCompletion: [false] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: V1 },
			description: OPTIONS_DESCRIPTION,
			options: [...generationOptions, resizeModeOption].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
		// Version 1.1: one Return choice; the waiting settings are options.
		returnField,
		// An AI agent gets the link by default: a file in an agent's context is of no use to it.
		{ ...returnField, default: 'url', displayOptions: { show: { ...V1_1, '@tool': [true] } } },
		{ ...callbackUrlField, displayOptions: { show: { ...V1_1, returnAs: ['taskId'] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: V1_1 },
			description: OPTIONS_DESCRIPTION,
			options: [...generationOptions, ...waitOptions()].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
		advancedOptionsField(true),
	],
);

function readFrame(
	ctx: IExecuteFunctions,
	itemIndex: number,
	inputType: string,
	urlField: [string, string],
	binaryField: [string, string],
): FrameSource | undefined {
	if (inputType === 'text') return undefined;
	if (inputType === 'url') {
		const raw = ctx.getNodeParameter(urlField[0], itemIndex, '') as string;
		if (typeof raw === 'string' && !raw.trim()) return undefined;
		return { url: requireHttpUrl(ctx, itemIndex, urlField[1], raw) };
	}
	const raw = ctx.getNodeParameter(binaryField[0], itemIndex, '') as string;
	if (typeof raw === 'string' && !raw.trim()) return undefined;
	const binaryProperty = requireBinaryPropertyName(ctx, itemIndex, binaryField[1], raw);
	checkBinaryImage(ctx, itemIndex, binaryField[1], binaryProperty);
	return { binaryProperty, field: binaryField[1] };
}

/** What a frame is, for the idempotency key: the URL, or the binary file's identity. */
function frameIdentity(ctx: IExecuteFunctions, itemIndex: number, frame: FrameSource | undefined) {
	if (!frame || 'url' in frame) return frame;
	const binary = ctx.getInputData()[itemIndex].binary?.[frame.binaryProperty];
	return {
		id: binary?.id,
		name: binary?.fileName,
		size: binary?.fileSize,
		data: binary?.id ? undefined : binary?.data.slice(0, 4096),
	};
}

/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
export function readItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
): ItemJob {
	const v1 = ctx.getNode().typeVersion < 1.1;
	let model: string;
	if (v1) {
		const choice = ctx.getNodeParameter('model', itemIndex) as string;
		model =
			choice === 'other'
				? requireText(
						ctx,
						itemIndex,
						'Model Name',
						ctx.getNodeParameter('customModel', itemIndex, ''),
					)
				: requireText(ctx, itemIndex, 'Model', choice);
	} else {
		model = requireText(
			ctx,
			itemIndex,
			'Model',
			ctx.getNodeParameter('modelId', itemIndex, '', { extractValue: true }),
		);
	}
	if (/\s/.test(model))
		throw invalidField(
			ctx,
			itemIndex,
			v1 ? 'Model Name' : 'Model',
			'must not contain spaces',
			model,
		);

	const body: IDataObject = {
		model,
		prompt: requireText(ctx, itemIndex, 'Prompt', ctx.getNodeParameter('prompt', itemIndex, '')),
		duration: requireOneOf(
			ctx,
			itemIndex,
			'Duration',
			ctx.getNodeParameter('duration', itemIndex, 8),
			DURATIONS,
		),
		aspect_ratio: requireOneOf(
			ctx,
			itemIndex,
			'Aspect Ratio',
			ctx.getNodeParameter('aspectRatio', itemIndex, '16:9'),
			ASPECT_RATIOS,
		),
		resolution: requireOneOf(
			ctx,
			itemIndex,
			'Resolution',
			ctx.getNodeParameter('resolution', itemIndex, '720p'),
			RESOLUTIONS,
		),
	};

	const inputType = v1
		? requireOneOf(
				ctx,
				itemIndex,
				'Image Input',
				ctx.getNodeParameter('imageInputType', itemIndex, 'url'),
				['url', 'binary'] as const,
			)
		: requireOneOf(
				ctx,
				itemIndex,
				'Image Input',
				ctx.getNodeParameter('imageInputType', itemIndex, 'text'),
				['text', 'url', 'binary'] as const,
			);
	const firstFrame = readFrame(
		ctx,
		itemIndex,
		inputType,
		['firstFrameImage', 'First Frame Image URL'],
		['firstFrameBinaryProperty', 'First Frame Binary Property'],
	);
	const lastFrame = readFrame(
		ctx,
		itemIndex,
		inputType,
		['lastFrameImage', 'Last Frame Image URL'],
		['lastFrameBinaryProperty', 'Last Frame Binary Property'],
	);
	if (inputType !== 'text' && !v1 && !firstFrame) {
		const field = inputType === 'url' ? 'First Frame Image URL' : 'First Frame Binary Property';
		throw invalidField(
			ctx,
			itemIndex,
			field,
			'must be set for Image Input "Image From URL" or "Image From Binary Data" (or choose "None (Text to Video)")',
			'',
		);
	}
	if (lastFrame && !firstFrame) {
		const field = inputType === 'url' ? 'Last Frame Image URL' : 'Last Frame Binary Property';
		throw invalidField(
			ctx,
			itemIndex,
			field,
			'needs a first frame image too (the API uses a last frame only together with a first frame)',
			'url' in lastFrame ? lastFrame.url : lastFrame.binaryProperty,
		);
	}

	if (!v1 && firstFrame) {
		body.resize_mode = requireOneOf(
			ctx,
			itemIndex,
			'Resize Mode',
			ctx.getNodeParameter('resizeMode', itemIndex, 'pad'),
			RESIZE_MODES,
		);
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.negativePrompt !== undefined) {
		const text =
			typeof options.negativePrompt === 'string'
				? options.negativePrompt.trim()
				: options.negativePrompt;
		if (typeof text !== 'string')
			throw invalidField(ctx, itemIndex, 'Negative Prompt', 'must be text', text);
		if (text) body.negative_prompt = text;
	}
	if (options.seed !== undefined)
		body.seed = requireInteger(ctx, itemIndex, 'Seed', options.seed, 0, MAX_SEED);
	if (options.sampleCount !== undefined) {
		body.sample_count = requireInteger(ctx, itemIndex, 'Sample Count', options.sampleCount, 1, 4);
	}
	if (options.generateAudio !== undefined) {
		body.generate_audio = requireBoolean(ctx, itemIndex, 'Generate Audio', options.generateAudio);
	}
	if (options.personGeneration !== undefined) {
		body.person_generation = requireOneOf(
			ctx,
			itemIndex,
			'Person Generation',
			options.personGeneration,
			PERSON_GENERATION,
		);
	}
	if (options.resizeMode !== undefined) {
		if (!firstFrame) {
			throw invalidField(
				ctx,
				itemIndex,
				'Resize Mode',
				'applies to image-to-video only: set a first frame image or remove the option',
				options.resizeMode,
			);
		}
		body.resize_mode = requireOneOf(
			ctx,
			itemIndex,
			'Resize Mode',
			options.resizeMode,
			RESIZE_MODES,
		);
	}
	if (options.enhancePrompt !== undefined) {
		body.enhance_prompt = requireBoolean(ctx, itemIndex, 'Enhance Prompt', options.enhancePrompt);
	}
	const waitAndDownload = v1
		? readWaitAndDownload(ctx, itemIndex, true)
		: readReturnAs(ctx, itemIndex);
	if (!waitAndDownload.wait) {
		const callback = ctx.getNodeParameter('callbackUrl', itemIndex, '') as string;
		if (typeof callback !== 'string' || callback.trim()) {
			body.webhook = requireHttpUrl(
				ctx,
				itemIndex,
				'Callback URL',
				callback,
				'https://n8n.example.com/webhook-waiting/123',
			);
		}
	}
	return {
		kind: 'create',
		itemIndex,
		body,
		firstFrame,
		lastFrame,
		idempotencyKey: idempotencyKey({
			instanceId: instanceIdOf(ctx),
			workflowId: String(ctx.getWorkflow().id ?? ''),
			// Without an execution ID (never in a saved n8n execution) no two runs may share a key.
			executionId: ctx.getExecutionId() || `no-execution-id-${randomUUID()}`,
			nodeId: ctx.getNode().id,
			runIndex: ctx.getWorkflowDataProxy(itemIndex).$runIndex as number,
			itemIndex,
			request: [
				body,
				frameIdentity(ctx, itemIndex, firstFrame),
				frameIdentity(ctx, itemIndex, lastFrame),
			],
		}),
		resubmitOnAmbiguousFailure: settings.resubmitOnAmbiguousFailure,
		...waitAndDownload,
	};
}
