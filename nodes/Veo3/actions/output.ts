// The node's answer: one output item per input item, or one error that names every task, and
// every item error finished in one place (its task named, how to get the video, no API key).
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { taskToJson } from '../helpers/task';
import { fetchLater, GATEWAY_TASK_LIST, scrub, scrubDeep } from '../transport';
import type { ItemRecord } from './operation';

export type NodeError = NodeApiError | NodeOperationError;

/**
 * One output item. A failed item keeps its task ID and status in json, plus `error` (On Error:
 * "Continue (regular output)"). For "Continue (using error output)" it carries the error on the
 * item, which is how n8n routes it to the error output; n8n then replaces json with just the
 * message, so the message names the task.
 */
export function outputItem(
	itemIndex: number,
	record: ItemRecord,
	error: NodeError | undefined,
	toErrorOutput: boolean,
	apiKey: string,
): INodeExecutionData {
	// Scrubbed here, where every item leaves: a gateway may even put the key in a task ID.
	const json: IDataObject = scrubDeep(apiKey, recordToJson(record));
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (record.binary) {
		item.binary = record.binary;
		const first = Object.values(record.binary)[0];
		if (first) json.fileType = first.mimeType === 'image/gif' ? 'gif' : 'video';
	}
	if (error) {
		json.error = error.message;
		if (toErrorOutput) item.error = error;
	}
	return item;
}

function recordToJson(record: ItemRecord): IDataObject {
	if (record.json) return record.json;
	const json = record.task
		? taskToJson(record.task)
		: record.taskId
			? { taskId: record.taskId }
			: {};
	if (record.otherTaskIds?.length) json.otherTaskIds = record.otherTaskIds;
	if (record.unnamedTask) json.unnamedTaskWarning = UNNAMED_TASK;
	return json;
}

const UNNAMED_TASK = `an earlier try's request failed after it was sent: a task may have been created and billed that the gateway never named; check ${GATEWAY_TASK_LIST}`;

/** More paid tasks the gateway named for the item: every message that names its task names them. */
const othersNamed = (record: ItemRecord) =>
	(record.otherTaskIds?.length
		? `; the gateway also named task${record.otherTaskIds.length > 1 ? 's' : ''} ${record.otherTaskIds.join(', ')} for this item`
		: '') + (record.unnamedTask ? `; ${UNNAMED_TASK}` : '');

function summaryLine(itemIndex: number, record: ItemRecord, error: NodeError | undefined): string {
	const task = (record.taskId ? `task ${record.taskId}` : 'no task') + othersNamed(record);
	if (error) return `item ${itemIndex + 1}: ${task}: ${error.message}`;
	if (record.summary) return `item ${itemIndex + 1}: ${record.summary}`;
	const url = record.task?.videoUrls[0];
	return `item ${itemIndex + 1}: ${task}: ${record.task?.status}${url ? ` ${url}` : ''}`;
}

/** The node's error when items failed: it names every item's task, so nothing paid for is lost. */
export function runError(
	ctx: IExecuteFunctions,
	failed: Array<{ error: NodeError; itemIndex: number }>,
	records: ItemRecord[],
	errors: Array<NodeError | undefined>,
) {
	const summary = records.map((record, i) => summaryLine(i, record, errors[i])).join('\n');
	const first = failed[0];
	if (failed.length === 1) {
		if (records.length > 1)
			first.error.description = `${first.error.description ?? ''}\n\nAll items:\n${summary}`.trim();
		return first.error;
	}
	return new NodeOperationError(
		ctx.getNode(),
		`${failed.length} of ${records.length} items failed; item ${first.itemIndex + 1}: ${first.error.message}`,
		{
			itemIndex: first.itemIndex,
			description: `All items:\n${summary}`,
		},
	);
}

/**
 * Stop: the error names every task created so far (they keep running and are billed), and how
 * many create requests n8n cut off in flight (the gateway may have made a task for them).
 */
export function cancelledError(ctx: IExecuteFunctions, records: ItemRecord[], apiKey: string) {
	const taskIds = records
		.flatMap((record) => [record.taskId, ...(record.otherTaskIds ?? [])])
		.filter((id): id is string => Boolean(id));
	const cutOff = records.filter((record) => record.createSent && !record.taskId).length;
	let message = taskIds.length
		? `Execution cancelled; these tasks keep running at the gateway: ${taskIds.join(', ')}`
		: 'Execution cancelled; no task was created';
	if (records.some((record) => record.unnamedTask)) message += `; ${UNNAMED_TASK}`;
	if (cutOff)
		message += `; ${cutOff} create request${cutOff > 1 ? 's were' : ' was'} cut off in flight and may have created a task`;
	// n8n may save a stopped execution before this error arrives: the log keeps the IDs too.
	ctx.logger.warn(scrub(apiKey, `Veo3: ${message}`));
	return new NodeOperationError(ctx.getNode(), message, {
		description:
			'No create request was started after the stop. Fetch the results later with the Get Task operation and the task IDs above' +
			(cutOff ? `; for the requests cut off in flight, check ${GATEWAY_TASK_LIST}.` : '.'),
	});
}

/**
 * Whether the message names the task by its whole ID, as "task <id>" or quoted: "task_S7" is not
 * named by "task task_S7-1" (the gateway's own words may be in the message too).
 */
function namesTask(message: string, id: string): boolean {
	const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return (
		message.includes(JSON.stringify(id)) ||
		new RegExp(`\\b[Tt]ask ${escaped}(?=$|[\\s,;:)])`).test(message)
	);
}

/**
 * Every item error, in one place: it names the item's task when there is one, says how to get
 * the video when a task the item bought may still deliver one, and carries no API key.
 */
export function finishItemError(
	error: NodeError,
	record: ItemRecord,
	apiKey: string,
	boughtByItem: boolean,
) {
	const { taskId } = record;
	if (taskId && !namesTask(error.message, taskId))
		error.message = `${error.message} (task ${taskId})`;
	const others = (record.otherTaskIds ?? []).filter((id) => !namesTask(error.message, id));
	if (record.unnamedTask && !/may have been created and billed/.test(error.message))
		error.message = `${error.message} (${UNNAMED_TASK})`;
	if (others.length)
		error.message = `${error.message} (the gateway also named task${others.length > 1 ? 's' : ''} ${others.join(', ')} for this item; look ${others.length > 1 ? 'them' : 'it'} up with Get Task)`;
	const generationFailed = record.task && ['failed', 'cancelled'].includes(record.task.status);
	// Get Task's own errors say what to do; pointing to Get Task from Get Task helps no one.
	if (boughtByItem && taskId && !generationFailed && !/Get Task/.test(error.description ?? '')) {
		error.description =
			`${error.description ?? ''} Task ${taskId} is not lost: ${fetchLater(taskId)}.`.trim();
	}
	scrubError(error, apiKey);
}

export function scrubError<T extends NodeError>(error: T, apiKey: string): T {
	error.message = scrub(apiKey, error.message);
	if (error.description) error.description = scrub(apiKey, error.description);
	return error;
}
