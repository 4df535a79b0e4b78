// Get Task: the status and video of a task, by ID, optionally waiting for it to end.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TaskOutput } from '../helpers/followTask';
import { followTask } from '../helpers/followTask';
import { MAX_SAMPLES } from '../helpers/task';
import { requireTaskId } from '../helpers/validate';
import type { RunSettings } from './advancedOptions';
import { advancedOptionsField } from './advancedOptions';
import type { ItemJob, Operation } from './operation';
import { readWaitAndDownload } from './readWaitAndDownload';
import { waitAndDownloadFields } from './waitAndDownloadFields';

interface LookupJob extends ItemJob, TaskOutput {
	taskId: string;
}

const option = {
	name: 'Get Task',
	value: 'getTask',
	action: 'Get a video task',
	description: 'Get the status and video of a task, optionally waiting for it',
};

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

const description: INodeProperties[] = updateDisplayOptions({ show: { operation: ['getTask'] } }, [
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
	advancedOptionsField({ buys: false }),
]);

function readItem(ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings): LookupJob {
	return {
		itemIndex,
		taskId: requireTaskId(ctx, itemIndex, 'Task ID', ctx.getNodeParameter('taskId', itemIndex, '')),
		...readWaitAndDownload(ctx, itemIndex, settings, false),
	};
}

export const getTask: Operation<LookupJob> = {
	option,
	description,
	readItem,
	async execute(session, job, record) {
		record.taskId = job.taskId;
		await followTask(session, job.itemIndex, job.taskId, job, record, {
			lookOnce: true,
			maxFiles: MAX_SAMPLES,
			fileKind: 'either',
		});
	},
};
