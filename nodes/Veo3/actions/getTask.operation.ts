import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { unaddressableTaskId } from '../helpers/task';
import { invalidField, requireText } from '../helpers/validate';
import type { RunSettings } from './advancedOptions';
import { advancedOptionsField } from './advancedOptions';
import { readWaitAndDownload, waitAndDownloadFields } from './waitAndDownload';
import type { ItemJob } from './jobs';

/** Get Task's own tooltips: the shared fields' texts are written for Create Video. */
const GET_TASK_TEXTS: Record<string, string> = {
	waitForCompletion:
		"Whether to wait until the task ends. When off, the node returns the task's current status and progress at once.",
	maxWaitSeconds:
		'How long to wait for the task to end before the item fails with its last status. The task keeps running at the gateway; run this node again to look again.',
	binaryPropertyName:
		'The binary property to put the video in. A task with several videos puts the others in this name with _1, _2, ... appended.',
};

const ownTexts = (fields: INodeProperties[]) =>
	fields.map((field) =>
		GET_TASK_TEXTS[field.name] ? { ...field, description: GET_TASK_TEXTS[field.name] } : field,
	);

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['getTask'] } },
	[
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. task_01K8SGYNNNVBQTXNR4MM964S7K',
			description: 'The task ID that Create Video returned (field taskId)',
		},
		...ownTexts(waitAndDownloadFields(false, false)),
		advancedOptionsField(false),
	],
);

/**
 * Any ID the gateway can give is accepted (it is sent as one percent-encoded path segment); only
 * what cannot name a task is refused: nothing, "." and ".." (they would change the path), and
 * control characters.
 */
function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('taskId', itemIndex, '');
	const taskId = requireText(
		ctx,
		itemIndex,
		'Task ID',
		typeof raw === 'number' ? String(raw) : raw,
	);
	if (unaddressableTaskId(taskId)) {
		throw invalidField(
			ctx,
			itemIndex,
			'Task ID',
			'must be the task ID the gateway gave (not "." or "..", no control characters, up to 1000 characters)',
			taskId,
		);
	}
	return taskId;
}

/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
export function readItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
): ItemJob {
	return {
		kind: 'lookup',
		itemIndex,
		taskId: readTaskId(ctx, itemIndex),
		...readWaitAndDownload(ctx, itemIndex, settings, false),
	};
}
