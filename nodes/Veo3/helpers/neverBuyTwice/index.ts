// Never buy twice: every rule that keeps a paid request (a create or an extension) from being
// bought twice or lost. Read in this order:
//   1. idempotencyKey.ts: the Idempotency-Key, the same for the same request of the same
//      execution, and the key of each generation (a refunded task is bought again under a new key).
//   2. memory.ts: what this process bought, by key, and the one rule for what a re-run of the
//      node (n8n's Retry On Fail) reuses (reusableTask).
//   3. executionTaskIds.ts: every task goes into the execution's custom data too, which n8n saves
//      even on Stop (with one exception in queue mode: see there).
//   4. haltGate.ts: without Continue On Fail, a failed paid request stops the rest of the run.
//   5. Here, submitOnce: the paid request under all of the above.
// The request itself and its errors are ../paidRequest.ts.
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../../transport';
import { asNodeError, GATEWAY_TASK_LIST } from '../../transport';
import { MaybeBoughtError, sendPaidRequest } from '../paidRequest';
import type { TaskView } from '../task';
import { recordTaskInExecution } from './executionTaskIds';
import type { HaltGate } from './haltGate';
import { NotSubmittedError } from './haltGate';
import { keyForGeneration } from './idempotencyKey';
import { nextGeneration, otherNamedTasks, remember, rememberedTask, reusableTask } from './memory';

export { HaltGate } from './haltGate';
export { idempotencyKey, itemKey } from './idempotencyKey';
export { reusableTask, settleGeneration } from './memory';

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
	/** A try's request may have made a task no answer named (see Bought.unnamed in memory.ts). */
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
			description: `To avoid paying twice, Retry On Fail did not send it again (Idempotency-Key ${key}). Check ${GATEWAY_TASK_LIST}; if no task was created, run the workflow again. If your gateway honours Idempotency-Key, say so in the Veo3 API credential and the node resends safely.`,
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
