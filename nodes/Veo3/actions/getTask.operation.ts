import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { TaskJob } from '../helpers/batch';
import { runTasks } from '../helpers/batch';
import { asNodeError } from '../helpers/errors';
import { invalidField, requireText } from '../helpers/validate';
import { advancedOptionsField, readRunSettings, readWaitSettings, waitAndDownloadFields } from './common';

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
	const settings = readRunSettings(this);
	const jobs: TaskJob[] = [];
	const earlyErrors = new Map<number, Error>();
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			jobs.push({ itemIndex, taskId: readTaskId(this, itemIndex), ...readWaitSettings(this, itemIndex, 'getTask') });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			earlyErrors.set(itemIndex, error as Error);
		}
	}
	return await runTasks(this, jobs, settings, earlyErrors);
}
