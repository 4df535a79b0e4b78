// One item's whole path, top to bottom: submit (or take the task ID) → wait (or look once) →
// download. The router runs it for every item at once; the session's limit bounds the requests.
import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadVideos, uploadImage } from '../helpers/binary';
import type { TaskView } from '../helpers/task';
import { createTask, getTask, recordTaskInExecution, rememberedTask } from '../helpers/task';
import type { WaitSettings } from '../helpers/wait';
import { waitForTask } from '../helpers/wait';
import type { ApiSession } from '../transport';
import { scaled } from '../transport';

export type FrameSource = { url: string } | { binaryProperty: string; field: string };

/** What one input item asks for, already validated (nothing is sent before every item is read). */
export interface ItemJob {
	itemIndex: number;
	/** Create Video: the paid request. */
	create?: {
		body: IDataObject;
		firstFrame?: FrameSource;
		lastFrame?: FrameSource;
		/** The same for the same paid request in this execution: see idempotencyKey. */
		idempotencyKey: string;
		resubmitOnAmbiguousFailure: boolean;
	};
	/** Get Task: the task to look at. */
	taskId?: string;
	wait?: WaitSettings;
	download?: { binaryPropertyName: string; maxVideoBytes: number };
}

/** What the item has so far: filled in as it goes, so a failure still reports its task. */
export interface ItemRecord {
	/** The create request went out: until taskId is set, a task may exist that we cannot name. */
	createSent?: boolean;
	/** Not submitted because an earlier item's create failed. */
	notSubmitted?: boolean;
	taskId?: string;
	task?: TaskView;
	binary?: IBinaryKeyData;
}

/** Shared by the items of one execution. */
export interface RunState {
	/** Without continueOnFail a failed create stops the run: no further item is submitted (or billed). */
	haltOnCreateFailure: boolean;
	halted?: Error;
}

// Budgets for the requests that are not bounded by Max Wait.
const UPLOAD_AND_CREATE_BUDGET_MS = 120_000;
const LOOK_ONCE_BUDGET_MS = 60_000;
const DOWNLOAD_BUDGET_MS = 600_000;

export async function processItem(
	session: ApiSession,
	job: ItemJob,
	record: ItemRecord,
	run: RunState,
): Promise<void> {
	const { itemIndex } = job;

	// 1. Submit the paid create call, or take the task ID we were given.
	let createdAt: number | undefined;
	if (job.create) {
		const created = await submitOnce(session, job, record, run);
		record.taskId = created.taskId;
		recordTaskInExecution(session.ctx, created.taskId);
		record.task = {
			taskId: created.taskId,
			status: 'submitted',
			progress: 0,
			videoUrls: [],
			raw: created.raw,
		};
		createdAt = created.createdAt;
	} else {
		record.taskId = job.taskId!;
	}
	const taskId = record.taskId;

	// 2. Wait until the task ends, or look at it once (Get Task without waiting).
	if (job.wait) {
		record.task = await waitForTask(session, itemIndex, taskId, job.wait, createdAt);
		throwUnlessVideo(session, itemIndex, record.task);
	} else if (!job.create) {
		record.task = await getTask(
			session,
			itemIndex,
			taskId,
			Date.now() + scaled(LOOK_ONCE_BUDGET_MS),
		);
	}

	// 3. Download the finished video into n8n's binary store.
	const task = record.task!;
	if (job.download && task.status === 'completed' && task.videoUrls.length) {
		record.binary = await downloadVideos(
			session,
			itemIndex,
			taskId,
			task.videoUrls,
			job.download.binaryPropertyName,
			Date.now() + scaled(DOWNLOAD_BUDGET_MS),
			job.download.maxVideoBytes,
		);
	}
}

/**
 * Creates the item's task once per execution: a re-run of the node in the same execution (n8n's
 * Retry On Fail) finds the task it created before and goes on with it instead of buying it again.
 */
async function submitOnce(session: ApiSession, job: ItemJob, record: ItemRecord, run: RunState) {
	const create = job.create!;
	const earlier = rememberedTask(create.idempotencyKey);
	if (earlier) return { taskId: earlier.taskId, raw: earlier.raw, createdAt: earlier.at };
	// Checked again right before the create is sent: another item may have failed meanwhile.
	const stopIfHalted = () => {
		if (run.halted) {
			record.notSubmitted = true;
			// The router adds the failed item's reason once every item has settled.
			throw new NodeOperationError(session.node, 'Not submitted because an earlier item failed', {
				itemIndex: job.itemIndex,
			});
		}
	};
	stopIfHalted();
	// Set as soon as the transport gives up, before the next queued create can start; the router
	// then replaces it with the item's real error.
	const haltOthers = () => {
		if (run.haltOnCreateFailure) run.halted ??= new Error('a create request failed');
	};
	const deadline = Date.now() + scaled(UPLOAD_AND_CREATE_BUDGET_MS);
	const body = { ...create.body };
	const frameUrl = async (frame: FrameSource) =>
		'url' in frame
			? frame.url
			: await uploadImage(session, job.itemIndex, frame.field, frame.binaryProperty, deadline);
	if (create.firstFrame) body.first_frame_image = await frameUrl(create.firstFrame);
	if (create.lastFrame) body.last_frame_image = await frameUrl(create.lastFrame);
	const created = await createTask(
		session,
		job.itemIndex,
		body,
		create.idempotencyKey,
		create.resubmitOnAmbiguousFailure,
		{
			beforeSend: () => {
				stopIfHalted();
				record.createSent = true;
			},
			onGiveUp: haltOthers,
		},
	);
	session.ctx.logger.info(`Veo3: item ${job.itemIndex} submitted as task ${created.taskId}`);
	return { ...created, createdAt: Date.now() };
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
	throw new NodeOperationError(
		session.node,
		`Task ${task.taskId} ${task.status}: ${task.error ?? 'the gateway gave no reason'}`,
		{
			itemIndex,
			description:
				'Change the prompt or settings named in the reason and run the item again. A failed task is refunded by the gateway.',
		},
	);
}
