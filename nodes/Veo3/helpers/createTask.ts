// The one paid call, POST /v1/videos/generations, and what keeps it from being bought twice:
// the Idempotency-Key, and the memory of tasks this process already created.
import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession, RequestFailure } from '../transport';
import {
	apiRequest,
	describeNetworkCode,
	effectiveStatus,
	httpError,
	requestError,
	scrub,
	scrubDeep,
} from '../transport';
import { parseCreateResponse, unaddressableTaskId } from './task';

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

/** n8n's instance ID (one per installation, shared by its queue workers). */
export function instanceIdOf(ctx: IExecuteFunctions): string {
	try {
		return ctx.getInstanceId() ?? '';
	} catch {
		return '';
	}
}

// Tasks this process already created, by idempotency key: n8n's Retry On Fail re-runs the whole
// node in the same execution, and must go on waiting for them instead of buying them again. A
// task that failed is refunded: the re-run buys a new one (generation + 1, a new key).
type CreatedTask =
	| { taskId: string; raw: IDataObject; at: number; generation: number; failed?: boolean }
	/** The create failed after it was sent: a task may exist that we cannot name. */
	| { taskId?: undefined; at: number; generation: number; ambiguous: true };
const createdTasks = new Map<string, CreatedTask>();
const REMEMBER_MS = 24 * 3600_000;
const REMEMBER_MAX = 10_000;

export function rememberedTask(key: string): CreatedTask | undefined {
	const entry = createdTasks.get(key);
	return entry && Date.now() - entry.at < REMEMBER_MS ? entry : undefined;
}

function rememberTask(key: string, entry: CreatedTask) {
	if (createdTasks.size >= REMEMBER_MAX)
		createdTasks.delete(createdTasks.keys().next().value as string);
	createdTasks.set(key, entry);
}

/**
 * An earlier try's create failed after it was sent, and a resend could bill twice (the gateway
 * does not replay keys, and the user did not accept a second bill): the error again, nothing sent.
 */
export function ambiguousEarlierError(session: ApiSession, itemIndex: number, key: string) {
	return new NodeOperationError(
		session.node,
		'An earlier try of this node sent the create request and it failed after it was sent; a task may have been created and billed',
		{
			itemIndex,
			description: `To avoid paying twice, Retry On Fail did not send it again (Idempotency-Key ${key}). Check the task list or balance on the gateway's website (no API lists tasks); if no task was created, run the workflow again. If your gateway honours Idempotency-Key, say so in the Veo3 API credential and the node resends safely.`,
		},
	);
}

/** The task failed or was cancelled (and refunded): a re-run of the node may buy it again. */
export function markGenerationFailed(key: string, taskId: string) {
	const entry = createdTasks.get(key);
	if (entry?.taskId === taskId) entry.failed = true;
}

/** The key a generation of the request is sent with: the first is the plain key. */
export const keyForGeneration = (key: string, generation: number) =>
	generation ? `${key}-${generation}` : key;

// Task IDs also go into the execution's custom data (`$execution.customData`), which n8n saves with
// the execution even when it is stopped before the node returns (in queue mode the worker saves at
// once on Stop, without the node's error): the paid tasks are then in the stored execution, not
// only in a log. n8n allows 10 keys per execution (shared with the workflow's own), so we use at
// most 3, each up to 255 characters.
const CUSTOM_DATA_KEYS = ['veo3_task_ids', 'veo3_task_ids_2', 'veo3_task_ids_3'];
const CUSTOM_DATA_MAX = 255;

export function recordTaskInExecution(session: ApiSession, rawTaskId: string) {
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

// Create calls retry only within this budget (429s, not-sent failures, idempotent resends).
export const CREATE_RETRY_BUDGET_MS = 120_000;

function ambiguousCreateError(
	session: ApiSession,
	itemIndex: number,
	failure: RequestFailure,
	key: string,
) {
	const { code } = failure.last;
	const status = effectiveStatus(failure.last);
	const what = status ? `HTTP ${status}` : describeNetworkCode(code ?? '');
	const resent = session.honoursIdempotencyKeys;
	return new NodeOperationError(
		session.node,
		`The create request failed after it was sent (${what}); a task may have been created and billed`,
		{
			itemIndex,
			description:
				(code ? `Network error code ${code}. ` : '') +
				(resent
					? `The node sent it again with the same Idempotency-Key (${key}) until its retry budget ran out. `
					: 'To avoid paying twice, the node did not send it again. ') +
				"Check the task list or balance on the gateway's website (no API lists tasks); if no task was created, run the item again. " +
				(resent
					? ''
					: 'If your gateway honours Idempotency-Key, say so in the Veo3 API credential and the node resends safely; or turn on "Resubmit After Ambiguous Failure" in Advanced Options (a second video may be billed).'),
		},
	);
}

export interface CreateGate {
	/** Checked right before each attempt is sent: throw to stop. */
	beforeSend?: () => void;
	/** The create failed for good (before the next queued request starts). */
	onGiveUp?: () => void;
}

/** The error of a create that did not get through; one that may have run is remembered. */
function failedCreateError(
	session: ApiSession,
	itemIndex: number,
	failure: RequestFailure,
	request: { baseKey: string; generation: number },
) {
	const key = keyForGeneration(request.baseKey, request.generation);
	if (failure.maybeCreated) {
		// A later try of the node (Retry On Fail) must not buy it again blindly.
		rememberTask(request.baseKey, {
			at: Date.now(),
			generation: request.generation,
			ambiguous: true,
		});
		return ambiguousCreateError(session, itemIndex, failure, key);
	}
	if (effectiveStatus(failure.last) === 409) {
		return httpError(
			session,
			itemIndex,
			409,
			failure.last.body,
			`Idempotency-Key ${key}. The gateway has seen this key with another request, or cannot tell how the first one ended: check the task list on the gateway's website (no API lists tasks) before running the item again; a new execution uses a new key.`,
		);
	}
	return requestError(session, itemIndex, failure);
}

/** The one paid call: POST /v1/videos/generations with an Idempotency-Key. Returns the new task. */
export async function createTask(
	session: ApiSession,
	itemIndex: number,
	request: { body: IDataObject; baseKey: string; generation: number; resubmit: boolean },
	gate: CreateGate = {},
): Promise<{ taskId: string; raw: IDataObject }> {
	const key = keyForGeneration(request.baseKey, request.generation);
	const answer = await apiRequest(session, {
		method: 'POST',
		path: '/v1/videos/generations',
		body: request.body,
		headers: { 'Idempotency-Key': key },
		itemIndex,
		kind: 'create',
		rules: { idempotent: session.honoursIdempotencyKeys, resubmit: request.resubmit },
		deadline: Date.now() + CREATE_RETRY_BUDGET_MS,
		...gate,
	});
	if (!answer.ok) throw failedCreateError(session, itemIndex, answer, request);
	// An answer that carries a task ID is a created (and billed) task, whatever else it says and
	// whatever its HTTP status (decideRetry lets every such answer through).
	const created = parseCreateResponse(answer.body);
	if (!created.taskId) {
		// The gateway said yes but gave no ID, so a task may exist and be billed.
		throw new NodeOperationError(
			session.node,
			'The gateway accepted the create request but returned no task ID; a task may have been created and billed',
			{
				itemIndex,
				description: scrub(
					session.apiKey,
					`Answer: ${JSON.stringify(answer.body).slice(0, 300)}. A task may have been created and billed: check the task list on the gateway's website (no API lists tasks) before running the item again. If this is not a Veo3 API gateway, check the Base URL.`,
				),
			},
		);
	}
	const unaddressable = unaddressableTaskId(created.taskId);
	if (unaddressable) {
		// Created and billed, but no status request can reach it: a re-run must not buy it blindly.
		rememberTask(request.baseKey, {
			at: Date.now(),
			generation: request.generation,
			ambiguous: true,
		});
		throw new NodeOperationError(
			session.node,
			`The gateway named the new task ${JSON.stringify(scrub(session.apiKey, created.taskId))}, which cannot be looked up (${unaddressable}); it was probably created and billed`,
			{
				itemIndex,
				description:
					'No status request was sent for it: GET /v1/tasks/ cannot address that ID. Ask the gateway (its website or support) about the task, and report the ID it gave.',
			},
		);
	}
	// Scrubbed once, before it is remembered: a re-run (Retry On Fail) outputs the remembered copy.
	const raw = scrubDeep(session.apiKey, created.raw);
	rememberTask(request.baseKey, {
		taskId: created.taskId,
		raw,
		at: Date.now(),
		generation: request.generation,
	});
	return { taskId: created.taskId, raw };
}
