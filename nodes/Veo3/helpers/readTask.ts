// GET /v1/tasks/{id}: one look at a task, sorted into what the waiting loop needs to know. A
// task we have an ID for is paid for: only a definitive answer ends it; everything a gateway
// does now and then (a replica that has not seen the task yet, a 5xx, an error inside a 200, an
// answer that is not a task) is a glitch, and the loop asks again.
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import {
	apiMessage,
	apiRequest,
	describeNetworkCode,
	effectiveStatus,
	fetchLater,
	isTransientStatus,
	requestError,
	scrubDeep,
} from '../transport';
import type { TaskView } from './task';
import { parseTaskResponse, unaddressableTaskId } from './task';

/** A task just created may be unknown (404) this long: the answer came from a lagging replica. */
const NOT_FOUND_GRACE_MS = 60_000;

/** What a 404 for a task ID the node did not just create means. */
const UNKNOWN_TASK_ADVICE =
	"The task ID is wrong, or the task was made with another account or Base URL: use the Veo3 API credential it was created with. No API lists tasks: the IDs are in the output of the Create Video that made them (taskId) and on the gateway's website.";

type TaskReading =
	| { kind: 'task'; view: TaskView }
	/** Not an answer about the task: ask again later. */
	| { kind: 'glitch'; reason: string }
	/** A definitive answer: the key is refused (401/403), the task is unknown, ... */
	| { kind: 'end'; error: NodeApiError | NodeOperationError };

/** The path of a task: its ID as one percent-encoded segment (callers refuse other IDs first). */
function taskPath(taskId: string): string {
	if (unaddressableTaskId(taskId))
		throw new Error(`Task ID ${JSON.stringify(taskId)} names no path`);
	return `/v1/tasks/${encodeURIComponent(taskId)}`;
}

export async function readTask(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	deadline: number,
	waiting?: { createdAt?: number },
): Promise<TaskReading> {
	const createdAt = waiting?.createdAt;
	const answer = await apiRequest(session, {
		method: 'GET',
		path: taskPath(taskId),
		qs: { language: session.language },
		itemIndex,
		kind: 'free',
		deadline,
		// While waiting, Max Wait also bounds the wait for a free slot.
		queueDeadline: waiting ? deadline : undefined,
	});
	if (!answer.ok) {
		const status = effectiveStatus(answer.last);
		const lagging =
			status === 404 && createdAt !== undefined && Date.now() - createdAt < NOT_FOUND_GRACE_MS;
		if (status === undefined || isTransientStatus(status) || lagging) {
			const what = status ? `HTTP ${status}` : describeNetworkCode(answer.last.code ?? '');
			const detail = apiMessage(answer.last.body);
			return { kind: 'glitch', reason: detail ? `${what}: ${detail}` : what };
		}
		const error = requestError(session, itemIndex, answer);
		if (status === 404 && createdAt === undefined) {
			// Get Task with an ID this node did not just create: no lag to wait out.
			error.message = `Task ${taskId}: no such task at this gateway (404)`;
			error.description = UNKNOWN_TASK_ADVICE;
		} else error.message = `Task ${taskId}: ${error.message}`;
		return { kind: 'end', error };
	}
	const data = answer.body.data;
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		const got = JSON.stringify(answer.body).slice(0, 200);
		return { kind: 'glitch', reason: `an answer that is not a task (${got})` };
	}
	return {
		kind: 'task',
		view: parseTaskResponse(scrubDeep(session.apiKey, answer.body), taskId, session.baseUrl),
	};
}

/** The error for a glitch that did not clear in time (Get Task without waiting, Max Wait). */
export function glitchError(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	reason: string,
	maxWaitSeconds?: number,
) {
	const within = maxWaitSeconds ? ` within ${maxWaitSeconds} seconds` : '';
	return new NodeOperationError(
		session.node,
		`Task ${taskId}: the gateway gave no readable status${within} (last answer: ${reason.slice(0, 200)})`,
		{
			itemIndex,
			description: `The task is not lost: ${fetchLater(taskId)}. If this keeps happening, check the Base URL in the Veo3 API credential and the gateway's status.`,
		},
	);
}
