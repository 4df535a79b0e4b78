// After a task is named (bought, or given by the user): wait until it ends, or look at it once,
// then download its videos into n8n's binary store. Shared by every operation that yields a task.
import type { IBinaryKeyData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { settleGeneration } from './neverBuyTwice';
import { glitchError, readTask } from './readTask';
import type { TaskView } from './task';
import { downloadVideos } from './videoDownload';
import type { FileKind } from './videoFile';
import type { WaitSettings } from './wait';
import { waitForTask } from './wait';

export interface DownloadTarget {
	binaryPropertyName: string;
	maxVideoBytes: number;
}

/** What the user asked to get: the waiting and the file (both absent: the task ID only). */
export interface TaskOutput {
	wait?: WaitSettings;
	download?: DownloadTarget;
}

/** What the item has of its task so far (filled in as it goes, so a failure still names it). */
export interface TaskRecord {
	taskId?: string;
	/** The key the task was bought under (neverBuyTwice.submitOnce), when the item bought it. */
	purchaseKey?: string;
	task?: TaskView;
	binary?: IBinaryKeyData;
}

interface FollowOptions {
	/** When the task was created (epoch ms), if this run knows. */
	createdAt?: number;
	/** Without waiting, read its status once (Get Task), or keep what the record has (a create). */
	lookOnce: boolean;
	/** The most files the task may have. */
	maxFiles: number;
	/** What its files must be: a video, a GIF (Output GIF), or either (Get Task cannot know). */
	fileKind: FileKind;
}

const LOOK_ONCE_BUDGET_MS = 60_000;
/** All the files of one item: each attempt, redirects and stalls included, ends by then. */
const DOWNLOAD_BUDGET_MS = 600_000;

export async function followTask(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	output: TaskOutput,
	record: TaskRecord,
	options: FollowOptions,
): Promise<void> {
	if (output.wait) {
		record.task = await waitForTask(session, itemIndex, taskId, output.wait, options.createdAt);
		// A bought task that failed is refunded: a re-run of the node may buy it again.
		if (record.purchaseKey) settleGeneration(record.purchaseKey, record.task);
		throwUnlessVideo(session, itemIndex, record.task);
	} else if (options.lookOnce) {
		const deadline = Date.now() + LOOK_ONCE_BUDGET_MS;
		const reading = await readTask(session, itemIndex, taskId, deadline);
		if (reading.kind === 'end') throw reading.error;
		if (reading.kind === 'glitch') throw glitchError(session, itemIndex, taskId, reading.reason);
		record.task = reading.view;
	}
	const task = record.task;
	if (output.download && task?.status === 'completed' && task.videoUrls.length) {
		record.binary = await downloadVideos(
			session,
			itemIndex,
			taskId,
			task.videoUrls,
			{
				propertyName: output.download.binaryPropertyName,
				maxBytes: output.download.maxVideoBytes,
				maxFiles: options.maxFiles,
				kind: options.fileKind,
			},
			Date.now() + DOWNLOAD_BUDGET_MS,
		);
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
