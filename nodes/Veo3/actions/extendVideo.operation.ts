// Extend Video: a finished video of veo3.1-fast or veo3.1-quality continued from 8 to 15 seconds
// (POST /v1/videos/{task_id}/remix). An extension is a paid create: it is bought once
// (neverBuyTwice), then waited for and downloaded like a new video (followTask). Before paying,
// the original is read (free) and refused when it cannot be extended.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { TaskOutput } from '../helpers/followTask';
import { followTask } from '../helpers/followTask';
import { itemKey, modelOfBoughtTask, submitOnce } from '../helpers/neverBuyTwice';
import { glitchError, readTask } from '../helpers/readTask';
import {
	invalidField,
	requireBoolean,
	requireOneOf,
	requireText,
	requireTaskId,
} from '../helpers/validate';
import type { ApiSession } from '../transport';
import { asNodeError } from '../transport';
import type { RunSettings } from './advancedOptions';
import { advancedOptionsField } from './advancedOptions';
import type { ItemJob, Operation } from './operation';
import { readReturnAs, returnFields, waitOptions } from './waitAndDownloadFields';

/** The only models whose videos the gateway extends. */
const EXTENDABLE_MODELS = ['veo3.1-fast', 'veo3.1-quality'] as const;
const SAME_AS_ORIGINAL = 'original';

interface ExtendJob extends ItemJob, TaskOutput {
	/** The original video's task. */
	originalTaskId: string;
	/** veo3.1-fast or veo3.1-quality, or the original's (read from its task before paying). */
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
		options: [
			{ name: '16:9 (Landscape)', value: '16:9' },
			{ name: '9:16 (Portrait)', value: '9:16' },
		],
		default: '16:9',
		description: "The extended video's shape; usually the original's",
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
			{ name: 'Veo 3.1 Fast (Veo3.1-Fast)', value: 'veo3.1-fast' },
			{ name: 'Veo 3.1 Quality (Veo3.1-Quality)', value: 'veo3.1-quality' },
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
	advancedOptionsField(true),
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
		body.aspect_ratio = requireOneOf(ctx, itemIndex, 'Aspect Ratio', options.aspectRatio, [
			'16:9',
			'9:16',
		]);
	if (options.resolution !== undefined)
		// The channel spells 4K in lower case.
		body.resolution = requireOneOf(ctx, itemIndex, 'Resolution', options.resolution, [
			'720p',
			'1080p',
			'4K',
		]).toLowerCase();
	return {
		itemIndex,
		originalTaskId,
		model,
		body,
		idempotencyKey: itemKey(ctx, itemIndex, ['remix', originalTaskId, model, body]),
		resubmitOnAmbiguousFailure: settings.resubmitOnAmbiguousFailure,
		...readReturnAs(ctx, itemIndex, settings),
	};
}

const refusal = (session: ApiSession, job: ExtendJob, message: string, description: string) =>
	new NodeOperationError(session.node, message, { itemIndex: job.itemIndex, description });

/**
 * The free check before paying: the original must be known and finished, and (where the gateway's
 * task answer or this process says) made by the model chosen, which must be extendable. Returns
 * the model to send.
 */
async function checkOriginal(session: ApiSession, job: ExtendJob, deadline: number) {
	const { originalTaskId: id, itemIndex } = job;
	const reading = await readTask(session, itemIndex, id, deadline);
	if (reading.kind === 'end') throw reading.error;
	if (reading.kind === 'glitch') throw glitchError(session, itemIndex, id, reading.reason);
	const original = reading.view;
	if (original.status !== 'completed')
		throw refusal(
			session,
			job,
			`Task ${id} is ${original.status}: only a finished video can be extended`,
			original.status === 'failed' || original.status === 'cancelled'
				? 'There is no video to extend: make it again with Create Video.'
				: 'Wait for it first (Create Video waits by default, or Get Task with Wait for Completion), then extend it. Nothing was bought.',
		);
	const named = typeof original.raw.model === 'string' ? original.raw.model : undefined;
	const madeBy = named ?? modelOfBoughtTask(id);
	if (madeBy !== undefined && !(EXTENDABLE_MODELS as readonly string[]).includes(madeBy))
		throw refusal(
			session,
			job,
			`Task ${id} was made with ${madeBy}: only videos of veo3.1-fast and veo3.1-quality can be extended`,
			'Make the video with veo3.1-fast or veo3.1-quality (Create Video, Model) to extend it. Nothing was bought.',
		);
	if (madeBy !== undefined && job.model !== SAME_AS_ORIGINAL && job.model !== madeBy)
		throw refusal(
			session,
			job,
			`Model: task ${id} was made with ${madeBy}, not ${job.model}; a video is extended only with its own model`,
			`Choose "Same as the Original" or ${madeBy}. Nothing was bought.`,
		);
	const model = job.model === SAME_AS_ORIGINAL ? madeBy : job.model;
	if (model === undefined)
		throw invalidField(
			session.ctx,
			itemIndex,
			'Model',
			`the gateway does not say which model made task ${id}: choose veo3.1-fast or veo3.1-quality, the one that made it`,
			SAME_AS_ORIGINAL,
		);
	return model;
}

/** The errors of the free check: already worded, and nothing was sent for them. */
const checkErrors = new WeakSet<object>();

/** The gateway's refusal of an extension, said as one: which original, and what it takes. */
function wordRefusal(error: unknown, id: string) {
	if (
		error instanceof NodeApiError &&
		!checkErrors.has(error) &&
		['400', '404', '422'].includes(String(error.httpCode))
	) {
		error.message = `The gateway refused to extend task ${id}: ${error.message}`;
		error.description =
			`${error.description ?? ''} Only a finished video made with veo3.1-fast or veo3.1-quality can be extended, with the model that made it; nothing was bought.`.trim();
	}
	return error;
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
		try {
			createdAt = await submitOnce(
				session,
				{
					itemIndex: job.itemIndex,
					path,
					idempotencyKey: job.idempotencyKey,
					resubmitOnAmbiguousFailure: job.resubmitOnAmbiguousFailure,
					// Read only when the extension is really bought (a re-run reuses it unread).
					body: async (deadline) => {
						try {
							return { model: await checkOriginal(session, job, deadline), ...job.body };
						} catch (error) {
							const checkError = asNodeError(session.ctx, error, job.itemIndex);
							checkErrors.add(checkError);
							throw checkError;
						}
					},
				},
				record,
				gate,
			);
		} catch (error) {
			throw wordRefusal(error, job.originalTaskId);
		}
		await followTask(session, job.itemIndex, record.taskId!, job, record, {
			createdAt,
			lookOnce: false,
			maxFiles: 1,
			fileKind: 'video',
		});
	},
	purchase: (job) => ({ idempotencyKey: job.idempotencyKey, videos: 1 }),
};
