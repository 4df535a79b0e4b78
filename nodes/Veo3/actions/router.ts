// execute(): read every item, run processItem for all of them at once, and report one output
// item per input item (or one error that lists every task, so nothing paid for is lost).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkSpending } from '../helpers/balance';
import { earlierTries } from '../helpers/createdTasks';
import { asNodeError } from '../helpers/errors';
import type { ApiSession } from '../transport';
import { isCancellation, openSession } from '../transport';
import { addCostHint, plannedPurchase } from './bill';
import type { RunSettings } from './advancedOptions';
import { readRunSettings } from './advancedOptions';
import * as createVideo from './createVideo';
import * as getBalance from './getBalance.operation';
import * as getTask from './getTask.operation';
import type { ItemJob, ItemRecord } from './jobs';
import { processItem, RunState } from './processItem';
import type { NodeError } from './results';
import { cancelledError, finishItemError, outputItem, runError, scrubError } from './results';

const operations: Record<
	string,
	{ readItem: (ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings) => ItemJob }
> = {
	createVideo,
	getTask,
	getBalance,
};

/**
 * Reads and checks every item before any request is sent (bad input costs nothing), opens the
 * session and checks the spending limits. A bad item's error goes into `errors`; a run-wide
 * problem (credential, Advanced Options, the limits) is thrown.
 */
async function prepare(
	ctx: IExecuteFunctions,
	operation: string,
	errors: Array<NodeError | undefined>,
	prepared: { jobs: ItemJob[]; session?: ApiSession },
) {
	const readItem = operations[operation]?.readItem;
	if (!readItem) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Operation: must be Create Video, Get Task or Get Balance',
			{
				description: `Got "${operation}".`,
			},
		);
	}
	const settings = readRunSettings(ctx);
	const jobs: ItemJob[] = [];
	for (let itemIndex = 0; itemIndex < errors.length; itemIndex++) {
		try {
			jobs.push(readItem(ctx, itemIndex, settings));
		} catch (error) {
			errors[itemIndex] = asNodeError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw errors[itemIndex];
		}
	}
	prepared.jobs = jobs;
	// Kept before the limits are checked, so that their error is scrubbed with its key too.
	if (jobs.length) prepared.session = await openSession(ctx, settings);
	if (prepared.session) await checkSpending(prepared.session, plannedPurchase(jobs), settings);
}

/** Runs every item at once; returns whether the execution was stopped meanwhile. */
async function runAll(
	ctx: IExecuteFunctions,
	session: ApiSession,
	jobs: ItemJob[],
	records: ItemRecord[],
	errors: Array<NodeError | undefined>,
) {
	const run = new RunState(!ctx.continueOnFail());
	let cancelled = false;
	await Promise.all(
		jobs.map(async (job) => {
			try {
				await processItem(session, job, records[job.itemIndex], run);
			} catch (error) {
				if (isCancellation(error)) cancelled = true;
				else errors[job.itemIndex] = asNodeError(ctx, error, job.itemIndex);
			}
		}),
	);
	// n8n keeps only the last try's answer: it names what the earlier tries bought, too.
	for (const job of jobs) {
		const record = records[job.itemIndex];
		if (job.kind === 'create') record.earlier = earlierTries(job.idempotencyKey, record.taskId);
	}
	return cancelled || Boolean(session.signal?.aborted);
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const records: ItemRecord[] = Array.from({ length: itemCount }, () => ({}));
	const errors: Array<NodeError | undefined> = new Array(itemCount);
	const prepared: { jobs: ItemJob[]; session?: ApiSession } = { jobs: [] };
	try {
		await prepare(this, operation, errors, prepared);
	} catch (error) {
		if (!continueOnFail) throw asNodeError(this, error);
		// A run-wide problem is every item's error.
		const apiKey = prepared.session?.apiKey ?? '';
		return [
			records.map((record, i) =>
				outputItem(
					i,
					record,
					scrubError(errors[i] ?? asNodeError(this, error, i), apiKey),
					toErrorOutput,
					apiKey,
				),
			),
		];
	}
	const { jobs, session } = prepared;
	const cancelled = session ? await runAll(this, session, jobs, records, errors) : false;
	addCostHint(this, jobs, records);
	const apiKey = session?.apiKey ?? '';
	for (const [itemIndex, error] of errors.entries()) {
		if (error)
			finishItemError(
				error,
				records[itemIndex],
				apiKey,
				jobs.find((job) => job.itemIndex === itemIndex)?.kind,
			);
	}
	if (cancelled) throw scrubError(cancelledError(this, records, apiKey), apiKey);
	const failed = errors
		.map((error, itemIndex) => ({ error, itemIndex }))
		.filter(({ error }) => error) as Array<{ error: NodeError; itemIndex: number }>;
	if (failed.length && !continueOnFail)
		throw scrubError(runError(this, failed, records, errors), apiKey);
	return [records.map((record, i) => outputItem(i, record, errors[i], toErrorOutput, apiKey))];
}
