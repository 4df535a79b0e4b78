// Never buy twice: every rule that keeps a paid request (a create or an extension) from being
// bought twice or lost, top to bottom.
//   1. The Idempotency-Key: the same for the same request of the same execution, and the key of
//      each generation (a refunded task is bought again under a new key).
//   2. The memory of what this process bought, by key, and the one rule for what a re-run of the
//      node (n8n's Retry On Fail) reuses.
//   3. Every task goes into the execution's custom data too, which n8n saves even on Stop.
//   4. The halt gate: without Continue On Fail, a failed paid request stops the rest of the run.
//   5. submitOnce: the paid request under all of the above.
// The request itself and its errors are paidRequest.ts.
import { createHash, randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { asNodeError, scrub } from '../transport';
import { MaybeBoughtError, sendPaidRequest } from './paidRequest';
import type { TaskView } from './task';

// 1. The Idempotency-Key ----------------------------------------------------------------------

/**
 * The Idempotency-Key of one paid request: the same for the same n8n instance, execution, node,
 * run, item and request (so our retries, n8n's Retry On Fail and a queue worker that picks the
 * job up again reuse it), different for a new execution and for another n8n instance (staging
 * and production on one API key both have an execution 1).
 */
export function idempotencyKey(parts: {
	instanceId: string;
	workflowId: string;
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	request: unknown;
}): string {
	const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 48);
	return `n8n-veo3-${hash}`;
}

/** The Idempotency-Key of an item's paid request in this execution (see idempotencyKey). */
export function itemKey(ctx: IExecuteFunctions, itemIndex: number, request: unknown): string {
	return idempotencyKey({
		instanceId: instanceIdOf(ctx),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		// Without an execution ID (never in a saved n8n execution) no two runs may share a key.
		executionId: ctx.getExecutionId() || `no-execution-id-${randomUUID()}`,
		nodeId: ctx.getNode().id,
		runIndex: ctx.getWorkflowDataProxy(itemIndex).$runIndex as number,
		itemIndex,
		request,
	});
}

/** n8n's instance ID (one per installation, shared by its queue workers). */
function instanceIdOf(ctx: IExecuteFunctions): string {
	try {
		return ctx.getInstanceId() ?? '';
	} catch {
		return '';
	}
}

/**
 * The key a generation of the request is sent with: the first is the plain key. A generation
 * that failed (refunded) is bought again with the next one, so the gateway cannot replay it.
 */
const keyForGeneration = (key: string, generation: number) =>
	generation ? `${key}-${generation}` : key;

// 2. The memory of what was bought -------------------------------------------------------------

/** What one try left: a named task, or a request that may have made one. */
type TryOutcome = (
	| { taskId: string; raw: IDataObject; failed?: boolean }
	/** The request failed after it was sent: a task may exist that we cannot name. */
	| { taskId?: undefined; ambiguous: true }
) & { at: number; generation: number };

type Bought = TryOutcome & {
	/**
	 * Every task ID an answer to any try named for this request, of every generation: each is
	 * paid (or was, and refunded), and the item names them all, whatever its last try ended with.
	 */
	named: string[];
	/**
	 * A try's request may have made a task that no answer named (it failed after it was sent),
	 * and no replay of the same key has named it since: the item warns of it.
	 */
	unnamed: boolean;
};

const bought = new Map<string, Bought>();
const REMEMBER_MS = 24 * 3600_000;
const REMEMBER_MAX = 10_000;

/** What an earlier try of this request left (within a day), if anything. */
function rememberedTask(key: string): Bought | undefined {
	const entry = bought.get(key);
	return entry && Date.now() - entry.at < REMEMBER_MS ? entry : undefined;
}

/**
 * The one reuse rule: the task an earlier try created and that is still good (not failed). A
 * re-run goes on with it, and the spending limits do not count it again.
 */
export function reusableTask(key: string) {
	const earlier = rememberedTask(key);
	return earlier?.taskId !== undefined && !earlier.failed ? earlier : undefined;
}

/** The generation the next request is sent as. */
function nextGeneration(earlier: Bought | undefined): number {
	if (!earlier) return 0;
	// The same key again after an ambiguous failure (the gateway replays it); a new one after a failure.
	return earlier.generation + (earlier.taskId !== undefined ? 1 : 0);
}

/** Keeps what this try learnt, and every task an earlier try was told of. */
function remember(
	key: string,
	entry: TryOutcome,
	told: { named: string[]; unnamed?: boolean; replayed?: boolean },
) {
	const earlier = bought.get(key);
	// A gateway that replays keys answers a resend of the same generation with the task the lost
	// answer named: that task is named now.
	const resolved = told.replayed && earlier?.generation === entry.generation;
	const unnamed = Boolean(told.unnamed) || (Boolean(earlier?.unnamed) && !resolved);
	if (bought.size >= REMEMBER_MAX) bought.delete(bought.keys().next().value as string);
	bought.set(key, {
		...entry,
		named: [...new Set([...(earlier?.named ?? []), ...told.named])],
		unnamed,
	});
}

/** The tasks the gateway named for this request besides the one the item goes on with. */
function otherNamedTasks(key: string, taskId?: string) {
	return (rememberedTask(key)?.named ?? []).filter((id) => id !== taskId);
}

/**
 * A waited-for task ended without its video: failed or cancelled tasks are refunded, so a re-run
 * of the node may buy it again (the next generation).
 */
export function settleGeneration(key: string, task: TaskView) {
	const entry = bought.get(key);
	if (task.status !== 'completed' && entry?.taskId === task.taskId) entry.failed = true;
}

// 3. The execution's task IDs ------------------------------------------------------------------
// Task IDs also go into the execution's custom data (`$execution.customData`), which n8n saves with
// the execution even when it is stopped before the node returns (in queue mode the worker saves at
// once on Stop, without the node's error): the paid tasks are then in the stored execution, not
// only in a log. n8n allows 10 keys per execution (shared with the workflow's own), so we use at
// most 3, each up to 255 characters.

const CUSTOM_DATA_KEYS = ['veo3_task_ids', 'veo3_task_ids_2', 'veo3_task_ids_3'];
const CUSTOM_DATA_MAX = 255;

function recordTaskInExecution(session: ApiSession, rawTaskId: string) {
	const taskId = scrub(session.apiKey, rawTaskId).replace(/,/g, '%2C').slice(0, CUSTOM_DATA_MAX);
	try {
		const customData = session.ctx.getWorkflowDataProxy(0).$execution?.customData;
		if (!customData) return;
		for (const key of CUSTOM_DATA_KEYS) {
			const ids = String(customData.get(key) ?? '');
			if (ids.split(',').includes(taskId)) return;
			if (ids.length + taskId.length + 1 > CUSTOM_DATA_MAX) continue;
			customData.set(key, ids ? `${ids},${taskId}` : taskId);
			return;
		}
	} catch {
		// Bookkeeping only: the task ID is still in the output, the error and the log.
	}
}

// 4. The halt gate -----------------------------------------------------------------------------

/** An item that was not submitted because another item's paid request failed first. */
class NotSubmittedError extends NodeOperationError {}

/**
 * Shared by the items of one execution, and the one owner of halting: without continueOnFail a
 * failed paid request stops the run, and no further item is submitted (or billed).
 */
export class HaltGate {
	private haltedBy?: { itemIndex: number; request: string };

	constructor(private readonly haltOnFailure: boolean) {}

	/** Item `itemIndex` failed on its way to (or in) its paid `request` ("create", "extension"). */
	halt(itemIndex: number, request: string) {
		if (this.haltOnFailure) this.haltedBy ??= { itemIndex, request };
	}

	/** Throws for an item that must not be submitted because another one's request failed. */
	stopIfHalted(session: ApiSession, itemIndex: number) {
		if (this.haltedBy === undefined) return;
		throw new NotSubmittedError(
			session.node,
			`Not submitted because the ${this.haltedBy.request} request of item ${this.haltedBy.itemIndex + 1} failed`,
			{
				itemIndex,
				description:
					'Nothing was sent for this item. Fix the failed item and run the workflow again.',
			},
		);
	}
}

// 5. Submit once -------------------------------------------------------------------------------

/** One item's paid request, read and checked before anything is sent. */
interface PaidRequest {
	itemIndex: number;
	/** `/v1/videos/generations`, or an extension's `/v1/videos/{id}/remix`. */
	path: string;
	/** What the user calls it, in messages: "create", "extension". */
	name: string;
	/** The same for the same paid request in this execution: see idempotencyKey. */
	idempotencyKey: string;
	/** The user accepts a second bill rather than a lost request (Advanced Options). */
	resubmitOnAmbiguousFailure: boolean;
	/** The body, its images uploaded: called only when the request is really sent. */
	body: (deadline: number) => Promise<IDataObject>;
}

/** What the item has of its paid request so far (filled in as it goes). */
export interface PurchaseRecord {
	/** The request went out: until taskId is set, a task may exist that we cannot name. */
	createSent?: boolean;
	/** Reused from an earlier try of the node in this execution (Retry On Fail). */
	reused?: boolean;
	/** The request's key: a task the item bought and that failed may be bought again (settle). */
	purchaseKey?: string;
	taskId?: string;
	/** More paid tasks the gateway named for this item, besides taskId. */
	otherTaskIds?: string[];
	/** A try's request may have made a task no answer named (see Bought.unnamed). */
	unnamedTask?: boolean;
	task?: TaskView;
}

// Uploads and the paid request (with its own retries) end within this budget.
const UPLOAD_AND_CREATE_BUDGET_MS = 120_000;

/**
 * An earlier try's request failed after it was sent, and a resend could bill twice (the gateway
 * does not replay keys, and the user did not accept a second bill): the error again, nothing sent.
 */
function ambiguousEarlierError(session: ApiSession, itemIndex: number, key: string, word: string) {
	return new NodeOperationError(
		session.node,
		`An earlier try of this node sent the ${word} request and it failed after it was sent; a task may have been created and billed`,
		{
			itemIndex,
			description: `To avoid paying twice, Retry On Fail did not send it again (Idempotency-Key ${key}). Check the task list or balance on the gateway's website (no API lists tasks); if no task was created, run the workflow again. If your gateway honours Idempotency-Key, say so in the Veo3 API credential and the node resends safely.`,
		},
	);
}

/**
 * Buys the item's task once per execution: a re-run of the node in the same execution (n8n's
 * Retry On Fail) finds the task it bought before and goes on with it instead of buying it again,
 * unless that task failed (refunded): then it buys the next generation, with a new key. Fills in
 * the record (the task as submitted) and returns when the task was created (epoch ms).
 */
export async function submitOnce(
	session: ApiSession,
	request: PaidRequest,
	record: PurchaseRecord,
	gate: HaltGate,
): Promise<number> {
	const { itemIndex, idempotencyKey } = request;
	record.purchaseKey = idempotencyKey;
	const reusable = reusableTask(idempotencyKey);
	if (reusable) {
		record.reused = true;
		noteCreated(session, record, reusable, idempotencyKey);
		return reusable.at;
	}
	const earlier = rememberedTask(idempotencyKey);
	const generation = nextGeneration(earlier);
	try {
		gate.stopIfHalted(session, itemIndex);
		const resendIsSafe = session.honoursIdempotencyKeys || request.resubmitOnAmbiguousFailure;
		if (earlier && 'ambiguous' in earlier && !resendIsSafe)
			throw ambiguousEarlierError(session, itemIndex, idempotencyKey, request.name);
		const created = await buy(session, request, record, gate, generation);
		const entry = { taskId: created.taskId, raw: created.raw, at: Date.now(), generation };
		const named = [created.taskId, ...created.otherTaskIds];
		remember(idempotencyKey, entry, { named, replayed: session.honoursIdempotencyKeys });
		noteCreated(session, record, entry, idempotencyKey);
		return entry.at;
	} catch (error) {
		noteFailure(session, request, record, error, generation);
		if (!(error instanceof NotSubmittedError)) gate.halt(itemIndex, request.name);
		throw asNodeError(session.ctx, error, itemIndex);
	}
}

/** Uploads (the body), then the paid request itself under this generation's key. */
async function buy(
	session: ApiSession,
	request: PaidRequest,
	record: PurchaseRecord,
	gate: HaltGate,
	generation: number,
) {
	const { itemIndex } = request;
	const key = keyForGeneration(request.idempotencyKey, generation);
	const body = await request.body(Date.now() + UPLOAD_AND_CREATE_BUDGET_MS);
	const call = { path: request.path, name: request.name, body, key };
	const created = await sendPaidRequest(
		session,
		itemIndex,
		{ ...call, resubmit: request.resubmitOnAmbiguousFailure },
		{
			// Checked again right before the request is first sent: another item may have failed
			// meanwhile. A resend of a request already sent is not stopped: with the same key it
			// is how the task it may have made is found, not a new purchase.
			beforeSend: () => {
				if (!record.createSent) gate.stopIfHalted(session, itemIndex);
				record.createSent = true;
			},
			// Before the next queued request can start.
			onGiveUp: () => gate.halt(itemIndex, request.name),
		},
	);
	session.log('info', `item ${itemIndex} submitted as task ${created.taskId} (key ${key})`);
	return created;
}

/**
 * A try that failed: a request that may have bought a task is remembered (a later try must not
 * buy it again blindly), and whatever this try ended with, the item names every task any try
 * was told of, and warns of one no answer named.
 */
function noteFailure(
	session: ApiSession,
	request: PaidRequest,
	record: PurchaseRecord,
	error: unknown,
	generation: number,
) {
	if (error instanceof MaybeBoughtError) {
		const named = error.namedTaskIds ?? [];
		const entry = { at: Date.now(), generation, ambiguous: true as const };
		remember(request.idempotencyKey, entry, { named, unnamed: !named.length });
	}
	const named = otherNamedTasks(request.idempotencyKey);
	if (named.length) record.otherTaskIds = named;
	if (rememberedTask(request.idempotencyKey)?.unnamed) record.unnamedTask = true;
	for (const taskId of named) recordTaskInExecution(session, taskId);
}

function noteCreated(
	session: ApiSession,
	record: PurchaseRecord,
	created: { taskId: string; raw: IDataObject },
	key: string,
) {
	record.taskId = created.taskId;
	const others = otherNamedTasks(key, created.taskId);
	if (others.length) record.otherTaskIds = others;
	if (rememberedTask(key)?.unnamed) record.unnamedTask = true;
	for (const taskId of [created.taskId, ...others]) recordTaskInExecution(session, taskId);
	record.task = {
		taskId: created.taskId,
		status: 'submitted',
		progress: 0,
		videoUrls: [],
		raw: created.raw,
	};
}
