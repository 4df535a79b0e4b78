// Extend Video: a finished video of veo3.1-fast or veo3.1-quality continued from 8 to 15 seconds
// (POST /v1/videos/{task_id}/remix). An extension is a paid create: it is bought once
// (neverBuyTwice), then waited for and downloaded like a new video (followTask). Before paying,
// the original is read (free) and refused when it cannot be extended.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TaskOutput } from '../helpers/followTask';
import { followTask } from '../helpers/followTask';
import { itemKey, submitOnce } from '../helpers/neverBuyTwice';
import {
	EXTENDABLE_MODELS,
	extendableModel,
	refusedExtension,
	rememberModel,
	SAME_AS_ORIGINAL,
} from '../helpers/originalVideo';
import { requireBoolean, requireOneOf, requireText, requireTaskId } from '../helpers/validate';
import type { RunSettings } from './advancedOptions';
import { channelResolution } from './createVideo/channels';
import { ASPECT_RATIO_OPTIONS, RESOLUTION_OPTIONS } from './createVideo/fields';
import { LIMITS } from './createVideo/limits';
import { advancedOptionsField } from './advancedOptions';
import type { ItemJob, Operation } from './operation';
import { readCallbackUrl, readReturnAs } from './readWaitAndDownload';
import { callbackUrlField, returnFields, waitOptions } from './waitAndDownloadFields';

interface ExtendJob extends ItemJob, TaskOutput {
	/** The original video's task. */
	originalTaskId: string;
	/** veo3.1-fast or veo3.1-quality, or SAME_AS_ORIGINAL (read from its task before paying). */
	model: string;
	/** The remix body without its model. */
	body: IDataObject;
	idempotencyKey: string;
	resubmitOnAmbiguousFailure: boolean;
}

const show = { show: { operation: ['extendVideo'] } };

/** What the remix body takes besides the prompt: sent only when added. */
const extendOptions: INodeProperties[] = [
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: ASPECT_RATIO_OPTIONS,
		default: '16:9',
		description: "The extended video's shape; usually the original's",
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: RESOLUTION_OPTIONS,
		default: '720p',
		description: "The extended video's resolution (the gateway's default is 720p)",
	},
];

const description: INodeProperties[] = updateDisplayOptions(show, [
	{
		displayName: 'Task ID of the Video',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.taskId }}',
		description:
			'The task ID of a finished video made with veo3.1-fast or veo3.1-quality (field taskId of Create Video)',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. the kite rises into the clouds and the camera follows it',
		description: 'What happens in the 7 seconds the video is extended by',
	},
	{
		displayName: 'Model',
		name: 'extendModel',
		type: 'options',
		options: [
			{
				name: 'Same as the Original',
				value: SAME_AS_ORIGINAL,
				description: "The model the gateway's task says made the video",
			},
			{ name: 'Veo 3.1 Fast', value: 'veo3.1-fast', description: 'Model ID veo3.1-fast' },
			{ name: 'Veo 3.1 Quality', value: 'veo3.1-quality', description: 'Model ID veo3.1-quality' },
		],
		default: SAME_AS_ORIGINAL,
		description:
			'The model that made the original video: the gateway extends a video only with its own model',
	},
	{
		displayName: 'Return Only the Extension',
		name: 'extensionOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether the video returned is only the new 7 seconds; off, it is the whole 15-second video',
	},
	...returnFields(),
	{
		...callbackUrlField,
		displayOptions: { show: { returnAs: ['taskId'] } },
		description:
			"Not documented for extensions: APIMart documents the callback (webhook) for creates only, so a gateway may refuse it (the node says so) or ignore it, and then no call comes; give the Wait node a time limit, and the extension's task ID is in this node's output for Get Task. Where it is taken, the gateway POSTs the task to this URL with /callback appended when it ends. Empty for none.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: "Only the options you add are sent; the gateway's defaults apply to the rest",
		options: [...extendOptions, ...waitOptions()].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
	advancedOptionsField({ buys: true }),
]);

function readItem(ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings): ExtendJob {
	const originalTaskId = requireTaskId(
		ctx,
		itemIndex,
		'Task ID of the Video',
		ctx.getNodeParameter('taskId', itemIndex, ''),
	);
	const model = requireOneOf(
		ctx,
		itemIndex,
		'Model',
		ctx.getNodeParameter('extendModel', itemIndex, SAME_AS_ORIGINAL),
		[SAME_AS_ORIGINAL, ...EXTENDABLE_MODELS],
	);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		prompt: requireText(ctx, itemIndex, 'Prompt', ctx.getNodeParameter('prompt', itemIndex, '')),
		raw: requireBoolean(
			ctx,
			itemIndex,
			'Return Only the Extension',
			ctx.getNodeParameter('extensionOnly', itemIndex, false),
		),
	};
	if (options.aspectRatio !== undefined)
		body.aspect_ratio = requireOneOf(
			ctx,
			itemIndex,
			'Aspect Ratio',
			options.aspectRatio,
			LIMITS.aspectRatio.values,
		);
	if (options.resolution !== undefined)
		body.resolution = channelResolution(
			requireOneOf(ctx, itemIndex, 'Resolution', options.resolution, LIMITS.resolution.values),
		);
	const output = readReturnAs(ctx, itemIndex, settings);
	const callback = readCallbackUrl(ctx, itemIndex);
	if (callback) body.webhook = callback;
	return {
		itemIndex,
		originalTaskId,
		model,
		body,
		idempotencyKey: itemKey(ctx, itemIndex, ['remix', originalTaskId, model, body]),
		resubmitOnAmbiguousFailure: settings.resubmitOnAmbiguousFailure,
		...output,
	};
}

export const extendVideo: Operation<ExtendJob> = {
	option: {
		name: 'Extend Video',
		value: 'extendVideo',
		action: 'Extend a video',
		description: 'Continue a finished veo3.1-fast or veo3.1-quality video from 8 to 15 seconds',
	},
	description,
	readItem,
	async execute(session, job, record, gate) {
		const path = `/v1/videos/${encodeURIComponent(job.originalTaskId)}/remix`;
		let createdAt: number;
		let model = job.model === SAME_AS_ORIGINAL ? undefined : job.model;
		try {
			createdAt = await submitOnce(
				session,
				{
					itemIndex: job.itemIndex,
					path,
					name: 'extension',
					idempotencyKey: job.idempotencyKey,
					resubmitOnAmbiguousFailure: job.resubmitOnAmbiguousFailure,
					// Read only when the extension is really bought (a re-run reuses it unread).
					body: async (deadline) => {
						model = await extendableModel(session, job, deadline);
						return { model, ...job.body };
					},
				},
				record,
				gate,
			);
		} catch (error) {
			throw refusedExtension(error, job.originalTaskId, job.body.webhook !== undefined);
		}
		rememberModel([record.taskId!], model);
		await followTask(session, job.itemIndex, record.taskId!, job, record, {
			createdAt,
			lookOnce: false,
			maxFiles: 1,
			fileKind: 'video',
		});
	},
	purchase: (job) => ({ idempotencyKey: job.idempotencyKey, videos: 1 }),
};
