// What an operation is to the router: its place in the Operation picker, its fields, how it reads
// an item (every item is read before anything is sent), how it runs one, and what it buys. Each
// operation is one module that exports these (createVideo/, getTask.operation.ts, ...); the
// table in operations.ts is the only place that lists them.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { TaskRecord } from '../helpers/followTask';
import type { HaltGate, PurchaseRecord } from '../helpers/neverBuyTwice';
import type { ApiSession } from '../transport';
import type { RunSettings } from './advancedOptions';

/** What one item asks for, read and checked before anything is sent. */
export interface ItemJob {
	itemIndex: number;
}

/** What the item has so far: filled in as it goes, so a failure still reports its task. */
export interface ItemRecord extends PurchaseRecord, TaskRecord {
	/** An operation's own output, in place of the task's (Get Balance). */
	json?: IDataObject;
	/** Its line in the list of all items an error shows, in place of the task's status. */
	summary?: string;
}

/** What a job buys, for the spending limits (before) and the cost hint (after). */
export interface Purchase {
	idempotencyKey: string;
	videos: number;
}

export interface Operation<Job extends ItemJob = ItemJob> {
	/** The Operation picker's entry. */
	option: INodePropertyOptions & { action: string };
	/** The operation's fields, shown for it only. */
	description: INodeProperties[];
	/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
	readItem(ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings): Job;
	/** Runs one item, filling in its record. */
	execute(session: ApiSession, job: Job, record: ItemRecord, gate: HaltGate): Promise<void>;
	/** What the job buys; absent for an operation that buys nothing. */
	purchase?(job: Job): Purchase;
}
