// execute(): read every item, run processItem for all of them at once, and report one output
// item per input item (or one error that lists every task, so nothing paid for is lost).
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkSpending } from '../helpers/balance';
import type { PlannedPurchase } from '../helpers/balance';
import { rememberedTask } from '../helpers/createTask';
import { asNodeError } from '../helpers/errors';
import { taskToJson } from '../helpers/task';
import type { ApiSession } from '../transport';
import { isCancellation, openSession, scrub, scrubDeep } from '../transport';
import type { RunSettings } from './common';
import { readRunSettings } from './common';
import * as createVideo from './createVideo';
import * as getBalance from './getBalance.operation';
import * as getTask from './getTask.operation';
import type { ItemJob, ItemRecord } from './processItem';
import { processItem, RunState } from './processItem';

type NodeError = NodeApiError | NodeOperationError;

const operations: Record<
	string,
	{ readItem: (ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings) => ItemJob }
> = {
	createVideo,
	getTask,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const records: ItemRecord[] = Array.from({ length: itemCount }, () => ({}));
	const errors: Array<NodeError | undefined> = new Array(itemCount);

	// Read and check every item before any request is sent: bad input costs nothing.
	let session: ApiSession | undefined;
	const jobs: ItemJob[] = [];
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === 'getBalance') return await getBalance.execute.call(this);
	try {
		const readItem = operations[operation]?.readItem;
		if (!readItem) {
			throw new NodeOperationError(
				this.getNode(),
				'Operation: must be Create Video, Get Task or Get Balance',
				{
					description: `Got "${operation}".`,
				},
			);
		}
		const settings = readRunSettings(this);
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			try {
				jobs.push(readItem(this, itemIndex, settings));
			} catch (error) {
				errors[itemIndex] = asNodeError(this, error, itemIndex);
				if (!continueOnFail) throw errors[itemIndex];
			}
		}
		if (jobs.length) session = await openSession(this, settings);
		// The spending limits, before anything is bought: a failure here is every item's error.
		if (session) await checkSpending(session, plannedPurchase(jobs), settings);
	} catch (error) {
		if (!continueOnFail) throw asNodeError(this, error);
		// A run-wide problem (credential, Advanced Options) is every item's error.
		const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
		return [
			records.map((record, i) =>
				outputItem(
					i,
					record,
					scrubError(errors[i] ?? asNodeError(this, error, i), session?.apiKey ?? ''),
					toErrorOutput,
					session?.apiKey ?? '',
				),
			),
		];
	}

	const run = new RunState(!continueOnFail);
	let cancelled = false;
	await Promise.all(
		jobs.map(async (job) => {
			const record = records[job.itemIndex];
			try {
				await processItem(session!, job, record, run);
			} catch (error) {
				if (isCancellation(error)) {
					cancelled = true;
					return;
				}
				errors[job.itemIndex] = asNodeError(this, error, job.itemIndex);
			}
		}),
	);
	addCostHint(this, jobs, records);
	const apiKey = session?.apiKey ?? '';
	for (const [itemIndex, error] of errors.entries()) {
		if (error) finishItemError(error, records[itemIndex], apiKey);
	}

	if (cancelled || session?.signal?.aborted)
		throw scrubError(cancelledError(this, records, apiKey), apiKey);

	const failed = errors
		.map((error, itemIndex) => ({ error, itemIndex }))
		.filter(({ error }) => error) as Array<{ error: NodeError; itemIndex: number }>;
	if (failed.length && !continueOnFail)
		throw scrubError(runError(this, failed, records, errors), apiKey);
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	return [
		records.map((record, itemIndex) =>
			outputItem(itemIndex, record, errors[itemIndex], toErrorOutput, apiKey),
		),
	];
}

/**
 * One output item. A failed item keeps its task ID and status in json, plus `error` (On Error:
 * "Continue (regular output)"). For "Continue (using error output)" it carries the error on the
 * item, which is how n8n routes it to the error output; n8n then replaces json with just the
 * message, so the message names the task.
 */
function outputItem(
	itemIndex: number,
	record: ItemRecord,
	error: NodeError | undefined,
	toErrorOutput: boolean,
	apiKey: string,
): INodeExecutionData {
	// Scrubbed here, where every item leaves: a gateway may even put the key in a task ID.
	const json: IDataObject = scrubDeep(
		apiKey,
		record.task ? taskToJson(record.task) : record.taskId ? { taskId: record.taskId } : {},
	);
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (record.binary) item.binary = record.binary;
	if (error) {
		json.error = error.message;
		if (toErrorOutput) item.error = error;
	}
	return item;
}

function summaryLine(itemIndex: number, record: ItemRecord, error: NodeError | undefined): string {
	const task = record.taskId ? `task ${record.taskId}` : 'no task';
	if (error) return `item ${itemIndex + 1}: ${task}: ${error.message}`;
	const url = record.task?.videoUrls[0];
	return `item ${itemIndex + 1}: ${task}: ${record.task?.status}${url ? ` ${url}` : ''}`;
}

/** The node's error when items failed: it names every item's task, so nothing paid for is lost. */
function runError(
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
function cancelledError(ctx: IExecuteFunctions, records: ItemRecord[], apiKey: string) {
	const taskIds = records.map((record) => record.taskId).filter((id): id is string => Boolean(id));
	const cutOff = records.filter((record) => record.createSent && !record.taskId).length;
	let message = taskIds.length
		? `Execution cancelled; these tasks keep running at the gateway: ${taskIds.join(', ')}`
		: 'Execution cancelled; no task was created';
	if (cutOff)
		message += `; ${cutOff} create request${cutOff > 1 ? 's were' : ' was'} cut off in flight and may have created a task`;
	// n8n may save a stopped execution before this error arrives: the log keeps the IDs too.
	ctx.logger.warn(scrub(apiKey, `Veo3: ${message}`));
	return new NodeOperationError(ctx.getNode(), message, {
		description:
			'No create request was started after the stop. Fetch the results later with the Get Task operation and the task IDs above' +
			(cutOff
				? '; for the requests cut off in flight, check the task list or balance on the gateway.'
				: '.'),
	});
}

/**
 * Every item error, in one place: it names the item's task when there is one, says how to get
 * the video when the task may still deliver one, and carries no API key.
 */
function finishItemError(error: NodeError, record: ItemRecord, apiKey: string) {
	const { taskId } = record;
	if (taskId && !error.message.includes(taskId))
		error.message = `${error.message} (task ${taskId})`;
	const generationFailed = record.task && ['failed', 'cancelled'].includes(record.task.status);
	if (taskId && !generationFailed && !/Get Task/.test(error.description ?? '')) {
		error.description =
			`${error.description ?? ''} Task ${taskId} is not lost: fetch it later with Get Task (task ID ${taskId}).`.trim();
	}
	scrubError(error, apiKey);
}

function scrubError<T extends NodeError>(error: T, apiKey: string): T {
	error.message = scrub(apiKey, error.message);
	if (error.description) error.description = scrub(apiKey, error.description);
	return error;
}

/** What the run would buy: every create job's Sample Count, tasks an earlier try made left out. */
function plannedPurchase(jobs: ItemJob[]): PlannedPurchase {
	const sampleCounts = jobs
		.filter((job) => job.kind === 'create')
		.filter((job) => {
			const earlier = rememberedTask(job.idempotencyKey);
			return !(earlier?.taskId !== undefined && !earlier.failed);
		})
		.map((job) => Number(job.body.sample_count ?? 1));
	return {
		items: sampleCounts.length,
		videos: sampleCounts.reduce((sum, n) => sum + n, 0),
		sampleCounts,
	};
}

/** The run's cost at a glance, where n8n shows execution hints (n8n 1.x and later). */
function addCostHint(ctx: IExecuteFunctions, jobs: ItemJob[], records: ItemRecord[]) {
	if (!jobs.some((job) => job.kind === 'create') || typeof ctx.addExecutionHints !== 'function')
		return;
	ctx.addExecutionHints({ message: costSummary(jobs, records), location: 'outputPane' });
}

export function costSummary(jobs: ItemJob[], records: ItemRecord[]): string {
	let bought = 0;
	let reused = 0;
	let cost: number | undefined;
	let credits: number | undefined;
	for (const job of jobs) {
		const record = records[job.itemIndex];
		if (job.kind !== 'create' || !record.taskId) continue;
		if (record.reused) reused++;
		else bought += Number(job.body.sample_count ?? 1);
		if (record.task?.cost !== undefined) cost = (cost ?? 0) + record.task.cost;
		if (record.task?.creditsCost !== undefined) credits = (credits ?? 0) + record.task.creditsCost;
	}
	const round = (n: number) => Math.round(n * 10_000) / 10_000;
	const spent =
		cost === undefined && credits === undefined
			? 'cost not reported by the gateway'
			: [
					cost !== undefined ? `cost ${round(cost)}` : '',
					credits !== undefined ? `credits ${round(credits)}` : '',
				]
					.filter(Boolean)
					.join(', ');
	return `Veo3: ${bought} video${bought === 1 ? '' : 's'} bought, ${reused} task${reused === 1 ? '' : 's'} reused; ${spent}`;
}
