// One item's whole path, top to bottom: submit (or take the task ID) → wait (or look once) →
// download; or, for Get Balance, one balance reading. The router runs it for every item at once; the session's limit bounds the requests.
import { NodeOperationError } from 'n8n-workflow';

import { readBalance } from '../helpers/balance';
import { ambiguousEarlierError, createTask } from '../helpers/createTask';
import {
	markGenerationFailed,
	nextGeneration,
	rememberedTask,
	reusableTask,
} from '../helpers/createdTasks';
import { asNodeError } from '../helpers/errors';
import { recordTaskInExecution } from '../helpers/executionTaskIds';
import { keyForGeneration } from '../helpers/idempotencyKey';
import { uploadImage } from '../helpers/imageUpload';
import { glitchError, readTask } from '../helpers/readTask';
import type { TaskView } from '../helpers/task';
import { MAX_SAMPLES } from '../helpers/task';
import { downloadVideos } from '../helpers/videoDownload';
import { waitForTask } from '../helpers/wait';
import type { ApiSession } from '../transport';
import type { CreateJob, FrameSource, ItemJob, ItemRecord } from './jobs';

/** An item that was not submitted because another item's create failed first. */
class NotSubmittedError extends NodeOperationError {}

/**
 * Shared by the items of one execution, and the one owner of halting: without continueOnFail a
 * failed create stops the run, and no further item is submitted (or billed).
 */
export class RunState {
	private haltedBy?: number;

	constructor(private readonly haltOnCreateFailure: boolean) {}

	halt(itemIndex: number) {
		if (this.haltOnCreateFailure) this.haltedBy ??= itemIndex;
	}

	/** Throws for an item that must not be submitted because another one's create failed. */
	stopIfHalted(session: ApiSession, itemIndex: number) {
		if (this.haltedBy === undefined) return;
		throw new NotSubmittedError(
			session.node,
			`Not submitted because the create request of item ${this.haltedBy + 1} failed`,
			{
				itemIndex,
				description:
					'Nothing was sent for this item. Fix the failed item and run the workflow again.',
			},
		);
	}
}

// Budgets for the requests that are not bounded by Max Wait.
const UPLOAD_AND_CREATE_BUDGET_MS = 120_000;
const LOOK_ONCE_BUDGET_MS = 60_000;
/** All the files of one item: each attempt, redirects and stalls included, ends by then. */
const DOWNLOAD_BUDGET_MS = 600_000;

export async function processItem(
	session: ApiSession,
	job: ItemJob,
	record: ItemRecord,
	run: RunState,
): Promise<void> {
	const { itemIndex } = job;
	if (job.kind === 'balance') {
		record.balance = await readBalance(session, itemIndex, job.scope);
		return;
	}

	// 1. Submit the paid create call, or take the task ID we were given.
	let createdAt: number | undefined;
	if (job.kind === 'create') {
		const created = await submitOnce(session, job, record, run);
		record.taskId = created.taskId;
		recordTaskInExecution(session, created.taskId);
		record.task = {
			taskId: created.taskId,
			status: 'submitted',
			progress: 0,
			videoUrls: [],
			raw: created.raw,
		};
		createdAt = created.createdAt;
	} else {
		record.taskId = job.taskId;
	}
	const taskId = record.taskId;

	// 2. Wait until the task ends, or look at it once (Get Task without waiting).
	if (job.wait) {
		record.task = await waitForTask(session, itemIndex, taskId, job.wait, createdAt);
		if (job.kind === 'create' && record.task.status !== 'completed')
			markGenerationFailed(job.idempotencyKey, taskId);
		throwUnlessVideo(session, itemIndex, record.task);
	} else if (job.kind === 'lookup') {
		const deadline = Date.now() + LOOK_ONCE_BUDGET_MS;
		const reading = await readTask(session, itemIndex, taskId, deadline);
		if (reading.kind === 'end') throw reading.error;
		if (reading.kind === 'glitch') throw glitchError(session, itemIndex, taskId, reading.reason);
		record.task = reading.view;
	}

	// 3. Download the finished video into n8n's binary store.
	const task = record.task!;
	if (job.download && task.status === 'completed' && task.videoUrls.length) {
		const maxFiles = job.kind === 'create' ? Number(job.body.sample_count ?? 1) : MAX_SAMPLES;
		record.binary = await downloadVideos(
			session,
			itemIndex,
			taskId,
			task.videoUrls,
			{
				propertyName: job.download.binaryPropertyName,
				maxBytes: job.download.maxVideoBytes,
				maxFiles,
			},
			Date.now() + DOWNLOAD_BUDGET_MS,
		);
	}
}

/**
 * Creates the item's task once per execution: a re-run of the node in the same execution (n8n's
 * Retry On Fail) finds the task it created before and goes on with it instead of buying it again,
 * unless that task failed (refunded): then it buys the next generation, with a new key.
 */
async function submitOnce(session: ApiSession, job: CreateJob, record: ItemRecord, run: RunState) {
	const reusable = reusableTask(job.idempotencyKey);
	if (reusable) {
		record.reused = true;
		return { taskId: reusable.taskId, raw: reusable.raw, createdAt: reusable.at };
	}
	const earlier = rememberedTask(job.idempotencyKey);
	const generation = nextGeneration(earlier);
	try {
		run.stopIfHalted(session, job.itemIndex);
		const resendIsSafe = session.honoursIdempotencyKeys || job.resubmitOnAmbiguousFailure;
		if (earlier && 'ambiguous' in earlier && !resendIsSafe)
			throw ambiguousEarlierError(session, job.itemIndex, job.idempotencyKey);
		const deadline = Date.now() + UPLOAD_AND_CREATE_BUDGET_MS;
		const body = { ...job.body };
		const frameUrl = async (frame: FrameSource) =>
			'url' in frame
				? frame.url
				: await uploadImage(session, job.itemIndex, frame.field, frame.binaryProperty, deadline);
		if (job.firstFrame) body.first_frame_image = await frameUrl(job.firstFrame);
		if (job.lastFrame) body.last_frame_image = await frameUrl(job.lastFrame);
		const created = await createTask(
			session,
			job.itemIndex,
			{ body, baseKey: job.idempotencyKey, generation, resubmit: job.resubmitOnAmbiguousFailure },
			{
				// Checked again right before the create is first sent: another item may have failed
				// meanwhile. A resend of a create already sent is not stopped: with the same key it is
				// how the task it may have made is found, not a new purchase.
				beforeSend: () => {
					if (!record.createSent) run.stopIfHalted(session, job.itemIndex);
					record.createSent = true;
				},
				// Before the next queued create can start.
				onGiveUp: () => run.halt(job.itemIndex),
			},
		);
		session.log(
			'info',
			`item ${job.itemIndex} submitted as task ${created.taskId} (key ${keyForGeneration(job.idempotencyKey, generation)})`,
		);
		return { ...created, createdAt: Date.now() };
	} catch (error) {
		if (!(error instanceof NotSubmittedError)) run.halt(job.itemIndex);
		throw asNodeError(session.ctx, error, job.itemIndex);
	}
}

/** A waited-for task that failed, was cancelled, or completed without a video fails the item. */
function throwUnlessVideo(session: ApiSession, itemIndex: number, task: TaskView) {
	if (task.status === 'completed' && task.videoUrls.length) return;
	if (task.status === 'completed') {
		throw new NodeOperationError(
			session.node,
			`Task ${task.taskId} completed but returned no video`,
			{
				itemIndex,
				description:
					'The gateway reported success without a video URL. Contact the gateway with the task ID.',
			},
		);
	}
	const word =
		task.unknownStatus && task.unknownStatus !== '(none)' ? task.unknownStatus : task.status;
	throw new NodeOperationError(
		session.node,
		`Task ${task.taskId} ${word}: ${task.error ?? 'the gateway gave no reason'}`,
		{
			itemIndex,
			description:
				'Change the prompt or settings named in the reason and run the item again. A failed task is refunded by the gateway.',
		},
	);
}
