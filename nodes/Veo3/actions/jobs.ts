// What one item asks for (its job, read and checked before anything is sent) and what it has
// so far (its record, filled in as it goes). Every operation's reader makes a job; the router
// runs it with processItem and turns the record into the item's output.
import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';

import type { Balance } from '../helpers/balance';
import type { TriesLeft } from '../helpers/createdTasks';
import type { TaskView } from '../helpers/task';
import type { WaitSettings } from '../helpers/wait';

export type FrameSource = { url: string } | { binaryProperty: string; field: string };

export interface DownloadTarget {
	binaryPropertyName: string;
	maxVideoBytes: number;
}

interface VideoJobOutput {
	itemIndex: number;
	wait?: WaitSettings;
	download?: DownloadTarget;
}

/** Create Video: the paid request, already validated (nothing is sent before every item is read). */
export interface CreateJob extends VideoJobOutput {
	kind: 'create';
	body: IDataObject;
	firstFrame?: FrameSource;
	lastFrame?: FrameSource;
	/** The same for the same paid request in this execution: see idempotencyKey. */
	idempotencyKey: string;
	resubmitOnAmbiguousFailure: boolean;
}

/** Get Task: the task to look at. */
interface LookupJob extends VideoJobOutput {
	kind: 'lookup';
	taskId: string;
}

/** Get Balance: whose balance to read. */
export interface BalanceJob {
	kind: 'balance';
	itemIndex: number;
	scope: 'key' | 'account';
}

export type ItemJob = CreateJob | LookupJob | BalanceJob;

/** What the item has so far: filled in as it goes, so a failure still reports its task. */
export interface ItemRecord {
	/** The create request went out: until taskId is set, a task may exist that we cannot name. */
	createSent?: boolean;
	/** Reused from an earlier try of the node in this execution (Retry On Fail). */
	reused?: boolean;
	taskId?: string;
	task?: TaskView;
	binary?: IBinaryKeyData;
	/** Get Balance's answer. */
	balance?: Balance;
	/** What this item's earlier tries (Retry On Fail) left besides taskId, set when the run ends. */
	earlier?: TriesLeft;
}
