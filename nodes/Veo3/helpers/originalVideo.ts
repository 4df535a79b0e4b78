// Extend Video's free check before paying: the original video's task, read with GET /v1/tasks,
// must be known and finished, and made by the model chosen, which must be one the gateway extends.
// Where the node cannot tell the model, the request is sent and the gateway's refusal is worded.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { asNodeError } from '../transport';
import { setBounded } from './boundedMap';
import { glitchError, readTask } from './readTask';

/** The only models whose videos the gateway extends. */
export const EXTENDABLE_MODELS = ['veo3.1-fast', 'veo3.1-quality'] as const;
/** Model: "Same as the Original". */
export const SAME_AS_ORIGINAL = 'original';

interface Extension {
	itemIndex: number;
	originalTaskId: string;
	/** An extendable model, or SAME_AS_ORIGINAL. */
	model: string;
}

/**
 * The model each task this process made was made with (Create Video, Extend Video): checked when
 * the gateway's task answer does not name it. Bounded, like the memory of bought tasks.
 */
const modelOfTask = new Map<string, string>();

export function rememberModel(taskIds: string[], model: unknown) {
	if (typeof model !== 'string') return;
	for (const taskId of taskIds) setBounded(modelOfTask, taskId, model);
}

/** The errors of the free check: already worded, and nothing was sent for them. */
const checkErrors = new WeakSet<object>();

/** Reads the original and returns the model to extend it with, or throws why it cannot be. */
export async function extendableModel(session: ApiSession, job: Extension, deadline: number) {
	try {
		return await checkOriginal(session, job, deadline);
	} catch (error) {
		const checkError = asNodeError(session.ctx, error, job.itemIndex);
		checkErrors.add(checkError);
		throw checkError;
	}
}

const refusal = (session: ApiSession, job: Extension, message: string, description: string) =>
	new NodeOperationError(session.node, message, { itemIndex: job.itemIndex, description });

/**
 * The free check before paying: the original must be known and finished, and (where the gateway's
 * task answer or this process says) made by the model chosen, which must be extendable. Returns
 * the model to send.
 */
async function checkOriginal(session: ApiSession, job: Extension, deadline: number) {
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
	const madeBy = named ?? modelOfTask.get(id);
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
		throw refusal(
			session,
			job,
			`Model: the gateway does not say which model made task ${id}: choose veo3.1-fast or veo3.1-quality, the one that made it`,
			'"Same as the Original" needs the model named in the task. Nothing was bought.',
		);
	return model;
}

/**
 * The gateway's refusal of an extension, said as one: which original, and what it takes (and,
 * when the request carried a Callback URL, that the gateway may not take one on an extension).
 */
export function refusedExtension(error: unknown, id: string, sentCallbackUrl: boolean) {
	if (
		error instanceof NodeApiError &&
		!checkErrors.has(error) &&
		['400', '404', '422'].includes(String(error.httpCode))
	) {
		error.message = `The gateway refused to extend task ${id}: ${error.message}`;
		const callback = sentCallbackUrl
			? ' Or the gateway does not take a Callback URL on an extension (the remix page does not list it): clear Callback URL and fetch the extension with Get Task.'
			: '';
		error.description =
			`${error.description ?? ''} Only a finished video made with veo3.1-fast or veo3.1-quality can be extended, with the model that made it; nothing was bought.${callback}`.trim();
	}
	return error;
}
