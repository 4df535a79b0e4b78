import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidField, requireText } from '../helpers/validate';
import type { RunSettings } from './common';
import { advancedOptionsField, readWaitAndDownload, waitAndDownloadFields } from './common';
import type { ItemJob } from './processItem';

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
		...waitAndDownloadFields(false, false),
		advancedOptionsField(false),
	],
);

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = requireText(
		ctx,
		itemIndex,
		'Task ID',
		ctx.getNodeParameter('taskId', itemIndex, ''),
	);
	// It becomes part of the URL path: letters and digits first, no "." or ".." segments.
	if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/.test(taskId)) {
		throw invalidField(
			ctx,
			itemIndex,
			'Task ID',
			'must start with a letter or digit and contain only letters, digits, _, -, . and : (e.g. task_01K8...)',
			taskId,
		);
	}
	return taskId;
}

/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
export function readItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	_settings: RunSettings,
): ItemJob {
	return {
		itemIndex,
		taskId: readTaskId(ctx, itemIndex),
		...readWaitAndDownload(ctx, itemIndex, false),
	};
}
