import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemWaitSettings, RunSettings } from '../actions/common';
import { readRunSettings } from '../actions/common';
import type { ApiSession } from '../transport';
import { apiRequest, openSession, scrub } from '../transport';
import { downloadVideos } from './binary';
import { asNodeError, isCancellation } from './errors';
import { createLimiter } from './limit';
import type { TaskView } from './task';
import { parseTaskResponse, taskToJson } from './task';
import type { WatchedTask } from './wait';
import { waitForTasks } from './wait';

/** What one input item asks for, already validated. */
export interface TaskJob extends ItemWaitSettings {
	itemIndex: number;
	/** Create Video: sends the paid create call and returns the new task. */
	submit?: (session: ApiSession) => Promise<{ taskId: string; raw: IDataObject }>;
	/** Get Task: the task to look at. */
	taskId?: string;
}

interface ItemResult {
	view?: TaskView;
	binary?: IBinaryKeyData;
	error?: Error;
	submittedAt?: number;
}

const NO_WAIT_RETRY_BUDGET_MS = 60_000;

function summaryLine(index: number, result: ItemResult): string {
	const task = result.view ? `task ${result.view.taskId}` : 'no task';
	if (result.error) return `item ${index + 1}: ${task}: ${result.error.message}`;
	return `item ${index + 1}: ${task}: ${result.view?.status}${result.view?.videoUrls[0] ? ` ${result.view.videoUrls[0]}` : ''}`;
}

/**
 * Reads every item with `readJob` (which validates and throws a NodeOperationError naming the
 * field) before any request is sent, then runs them all. A bad item stops the run, or with
 * continueOnFail becomes that item's error output.
 */
export async function executeItems(
	ctx: IExecuteFunctions,
	readJob: (itemIndex: number, settings: RunSettings) => TaskJob,
): Promise<INodeExecutionData[][]> {
	const settings = readRunSettings(ctx);
	const jobs: TaskJob[] = [];
	const earlyErrors = new Map<number, Error>();
	for (let itemIndex = 0; itemIndex < ctx.getInputData().length; itemIndex++) {
		try {
			jobs.push(readJob(itemIndex, settings));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			earlyErrors.set(itemIndex, asNodeError(ctx, error, itemIndex));
		}
	}
	return await runTasks(ctx, jobs, settings, earlyErrors);
}

/**
 * The whole create → wait → download path for all items of one execution:
 * 1. submit every Create Video item (bounded concurrency) or take the Get Task ids;
 * 2. wait for all tasks in one shared poll loop;
 * 3. download finished videos as soon as each task completes;
 * then output one item per input item, in input order, paired with it.
 * Validation errors were thrown (or turned into items) before this runs, so nothing bad is sent.
 */
export async function runTasks(
	ctx: IExecuteFunctions,
	jobs: TaskJob[],
	settings: RunSettings,
	earlyErrors: Map<number, Error>,
): Promise<INodeExecutionData[][]> {
	const itemCount = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const results: ItemResult[] = Array.from({ length: itemCount }, (_, i) => ({ error: earlyErrors.get(i) }));
	const limit = createLimiter(settings.concurrency);

	if (jobs.length) {
		const session = await openSession(ctx, settings.requestTimeoutSeconds, settings.language);
		const fail = (itemIndex: number, error: unknown) => {
			if (isCancellation(error)) throw error;
			results[itemIndex].error = asNodeError(ctx, error, itemIndex);
		};

		// 1. Submit. Without continueOnFail, the first failure stops further (paid) submissions.
		let halted: Error | undefined;
		await Promise.all(
			jobs.map(async (job) =>
				await limit(async () => {
					const result = results[job.itemIndex];
					if (!job.submit) return;
					if (halted) {
						result.error = new NodeOperationError(ctx.getNode(), `Not submitted because an earlier item failed: ${halted.message}`, {
							itemIndex: job.itemIndex,
						});
						return;
					}
					try {
						const { taskId, raw } = await job.submit(session);
						// The task exists from (about) now: the gateway's estimate counts from here.
						result.submittedAt = Date.now();
						result.view = { taskId, status: 'submitted', progress: 0, videoUrls: [], raw };
						ctx.logger.info(`Veo3: item ${job.itemIndex} submitted as task ${taskId}`);
					} catch (error) {
						fail(job.itemIndex, error);
						if (!continueOnFail) halted = results[job.itemIndex].error;
					}
				}),
			),
		);

		// 2 + 3. Wait (or look once), then download what finished.
		const downloads: Array<Promise<void>> = [];
		const startDownload = (job: TaskJob, view: TaskView) => {
			if (!job.download || view.status !== 'completed' || !view.videoUrls.length) return;
			downloads.push(
				limit(async () => {
					results[job.itemIndex].binary = await downloadVideos(
						session, job.itemIndex, view.taskId, view.videoUrls, job.download!.binaryPropertyName,
					);
				}).catch((error) => fail(job.itemIndex, error)),
			);
		};

		const watched: WatchedTask[] = [];
		const lookOnce: Array<Promise<void>> = [];
		for (const job of jobs) {
			const result = results[job.itemIndex];
			const taskId = job.taskId ?? result.view?.taskId;
			if (result.error || !taskId) continue;
			if (job.wait) {
				const now = Date.now();
				const intervalMs = job.wait.pollIntervalSeconds * 1000;
				const startedAt = result.submittedAt ?? now;
				watched.push({
					itemIndex: job.itemIndex,
					taskId,
					intervalMs,
					maxWaitSeconds: job.wait.maxWaitSeconds,
					deadline: startedAt + job.wait.maxWaitSeconds * 1000,
					startedAt,
					createdByThisRun: job.submit !== undefined,
					// A task we just created cannot be done yet; one we are asked about may be.
					nextPollAt: job.submit ? startedAt + intervalMs : now,
				});
			} else if (!job.submit) {
				lookOnce.push(
					limit(async () => {
						const body = await apiRequest(session, {
							method: 'GET',
							path: `/v1/tasks/${encodeURIComponent(taskId)}`,
							qs: { language: session.language },
							itemIndex: job.itemIndex,
							policy: 'repeatable',
							deadline: Date.now() + NO_WAIT_RETRY_BUDGET_MS,
						});
						result.view = parseTaskResponse(body, taskId);
						startDownload(job, result.view);
					}).catch((error) => fail(job.itemIndex, error)),
				);
			}
		}
		const jobByItem = new Map(jobs.map((job) => [job.itemIndex, job]));
		await Promise.all([
			...lookOnce,
			waitForTasks(session, watched, settings.concurrency, (task, outcome) => {
				const result = results[task.itemIndex];
				if (outcome.view) result.view = outcome.view;
				if (outcome.error) fail(task.itemIndex, outcome.error);
				else if (outcome.view) startDownload(jobByItem.get(task.itemIndex)!, outcome.view);
			}),
		]);
		await Promise.all(downloads);

		for (const result of results) {
			if (result.error) result.error.message = scrub(session, result.error.message);
		}
	}

	const failures = results.map((result, i) => ({ result, i })).filter(({ result }) => result.error);
	if (failures.length && !continueOnFail) {
		// Every task id goes into the error, so nothing that was paid for is lost.
		const summary = results.map((result, i) => summaryLine(i, result)).join('\n');
		const first = failures[0];
		if (failures.length === 1) {
			const error = first.result.error as NodeOperationError;
			if (itemCount > 1) error.description = `${error.description ?? ''}\n\nAll items:\n${summary}`.trim();
			throw error;
		}
		throw new NodeOperationError(
			ctx.getNode(),
			`${failures.length} of ${itemCount} items failed; item ${first.i + 1}: ${first.result.error!.message}`,
			{ itemIndex: first.i, description: `All items:\n${summary}` },
		);
	}

	return [
		results.map((result, i) => {
			const json: IDataObject = result.view ? taskToJson(result.view) : {};
			if (result.error) json.error = result.error.message;
			const item: INodeExecutionData = { json, pairedItem: { item: i } };
			if (result.binary) item.binary = result.binary;
			return item;
		}),
	];
}
