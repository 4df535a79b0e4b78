import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeItems } from '../helpers/batch';
import { invalidField, requireText } from '../helpers/validate';
import { advancedOptionsField, readWaitSettings, waitAndDownloadFields } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. task_01K8SGYNNNVBQTXNR4MM964S7K',
		displayOptions: { show: { operation: ['getTask'] } },
		description: 'The task ID that Create Video returned (field taskId)',
	},
	...waitAndDownloadFields('getTask', false),
	advancedOptionsField('getTask'),
];

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const taskId = requireText(ctx, itemIndex, 'Task ID', ctx.getNodeParameter('taskId', itemIndex, ''));
	// It becomes part of the URL path.
	if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(taskId)) {
		throw invalidField(ctx, itemIndex, 'Task ID', 'may contain only letters, digits, _, -, . and : (e.g. task_01K8...)', taskId);
	}
	return taskId;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeItems(this, (itemIndex) => ({
		itemIndex,
		taskId: readTaskId(this, itemIndex),
		...readWaitSettings(this, itemIndex, 'getTask'),
	}));
}
