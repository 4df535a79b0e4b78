// The one paid call, POST /v1/videos/generations, sent with its Idempotency-Key (idempotencyKey.ts),
// and its errors. What it created, or may have created, goes into the memory of created tasks
// (createdTasks.ts), so that a re-run of the node does not buy it again.
import type { IDataObject } from 'n8n-workflow';
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
import { rememberAmbiguous, rememberCreated } from './createdTasks';
import { keyForGeneration } from './idempotencyKey';
import { parseCreateResponse, unaddressableTaskId } from './task';

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

// Create calls retry only within this budget (429s, not-sent failures, idempotent resends).
const CREATE_RETRY_BUDGET_MS = 120_000;

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

interface CreateGate {
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
		rememberAmbiguous(request.baseKey, request.generation);
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
		// The gateway said yes but gave no ID, so a task may exist and be billed: a re-run must not
		// buy it blindly, and the last try's answer warns of it.
		rememberAmbiguous(request.baseKey, request.generation);
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
		rememberAmbiguous(request.baseKey, request.generation, created.taskId);
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
	rememberCreated(
		request.baseKey,
		request.generation,
		{ taskId: created.taskId, raw },
		session.honoursIdempotencyKeys,
	);
	return { taskId: created.taskId, raw };
}
