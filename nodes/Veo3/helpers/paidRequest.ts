// The paid request (a create, or an extension), sent once with its Idempotency-Key, and its
// errors. It remembers nothing: a failure after which a task may exist is a MaybeBoughtError, and
// neverBuyTwice/ (the only caller) keeps what was bought or may have been.
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession, RequestFailure } from '../transport';
import {
	apiRequest,
	describeNetworkCode,
	GATEWAY_TASK_LIST,
	effectiveStatus,
	httpError,
	requestError,
	scrub,
	scrubDeep,
} from '../transport';
import { parseCreateResponse, unaddressableTaskId } from './task';

/** The request failed in a way after which a task may exist and be billed: never resend blindly. */
export class MaybeBoughtError extends NodeOperationError {
	/** The IDs the gateway gave, when it gave one that no status request can reach. */
	namedTaskIds?: string[];
}

// Create calls retry only within this budget (429s, not-sent failures, idempotent resends).
const CREATE_RETRY_BUDGET_MS = 120_000;

function ambiguousCreateError(
	session: ApiSession,
	itemIndex: number,
	failure: RequestFailure,
	key: string,
	word: string,
) {
	const { code } = failure.last;
	const status = effectiveStatus(failure.last);
	const what = status ? `HTTP ${status}` : describeNetworkCode(code ?? '');
	const resent = session.honoursIdempotencyKeys;
	return new MaybeBoughtError(
		session.node,
		`The ${word} request failed after it was sent (${what}); a task may have been created and billed`,
		{
			itemIndex,
			description:
				(code ? `Network error code ${code}. ` : '') +
				(resent
					? `The node sent it again with the same Idempotency-Key (${key}) until its retry budget ran out. `
					: 'To avoid paying twice, the node did not send it again. ') +
				`Check ${GATEWAY_TASK_LIST}; if no task was created, run the item again. ` +
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

/** The error of a create that did not get through (a MaybeBoughtError when it may have run). */
function failedCreateError(
	session: ApiSession,
	itemIndex: number,
	failure: RequestFailure,
	key: string,
	word: string,
) {
	if (failure.maybeCreated) return ambiguousCreateError(session, itemIndex, failure, key, word);
	if (effectiveStatus(failure.last) === 409) {
		return httpError(
			session,
			itemIndex,
			409,
			failure.last.body,
			`Idempotency-Key ${key}. The gateway has seen this key with another request, or cannot tell how the first one ended: check ${GATEWAY_TASK_LIST} before running the item again; a new execution uses a new key.`,
		);
	}
	return requestError(session, itemIndex, failure);
}

interface PaidCall {
	/** `/v1/videos/generations`, or an extension's `/v1/videos/{id}/remix`. */
	path: string;
	/** What the user calls it, in messages: "create", "extension". */
	name: string;
	body: IDataObject;
	/** This generation's Idempotency-Key. */
	key: string;
	/** The user accepts a resend after an ambiguous failure (Advanced Options). */
	resubmit: boolean;
}

/** The paid call, POST with an Idempotency-Key. Returns the new task. */
export async function sendPaidRequest(
	session: ApiSession,
	itemIndex: number,
	request: PaidCall,
	gate: CreateGate = {},
): Promise<{ taskId: string; otherTaskIds: string[]; raw: IDataObject }> {
	const { key } = request;
	const answer = await apiRequest(session, {
		method: 'POST',
		path: request.path,
		body: request.body,
		headers: { 'Idempotency-Key': key },
		itemIndex,
		kind: 'create',
		rules: { idempotent: session.honoursIdempotencyKeys, resubmit: request.resubmit },
		deadline: Date.now() + CREATE_RETRY_BUDGET_MS,
		...gate,
	});
	if (!answer.ok) throw failedCreateError(session, itemIndex, answer, key, request.name);
	// An answer that carries a task ID is a created (and billed) task, whatever else it says and
	// whatever its HTTP status (decideRetry lets every such answer through).
	const created = parseCreateResponse(answer.body);
	if (!created.taskId) {
		// The gateway said yes but gave no ID, so a task may exist and be billed.
		throw new MaybeBoughtError(
			session.node,
			`The gateway accepted the ${request.name} request but returned no task ID; a task may have been created and billed`,
			{
				itemIndex,
				description: scrub(
					session.apiKey,
					`Answer: ${JSON.stringify(answer.body).slice(0, 300)}. A task may have been created and billed: check ${GATEWAY_TASK_LIST} before running the item again. If this is not a Veo3 API gateway, check the Base URL.`,
				),
			},
		);
	}
	const unaddressable = unaddressableTaskId(created.taskId);
	if (unaddressable) {
		// Created and billed, but no status request can reach it: a re-run must not buy it blindly.
		const error = new MaybeBoughtError(
			session.node,
			`The gateway named the new task ${JSON.stringify(scrub(session.apiKey, created.taskId))}, which cannot be looked up (${unaddressable}); it was probably created and billed`,
			{
				itemIndex,
				description:
					'No status request was sent for it: GET /v1/tasks/ cannot address that ID. Ask the gateway (its website or support) about the task, and report the ID it gave.',
			},
		);
		error.namedTaskIds = [created.taskId, ...created.otherTaskIds];
		throw error;
	}
	// Scrubbed once, before it is remembered: a re-run (Retry On Fail) outputs the remembered copy.
	return {
		taskId: created.taskId,
		otherTaskIds: created.otherTaskIds,
		raw: scrubDeep(session.apiKey, created.raw),
	};
}
