// The two task calls (create a task, read a task) and the shapes of their answers.
import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import type { RequestFailure } from '../transport';
import {
	apiRequest,
	describeNetworkCode,
	httpError,
	requestError,
	scaled,
	scrub,
	scrubDeep,
} from '../transport';

/** A task as the node reports it, whichever of the published response shapes the gateway used. */
export interface TaskView {
	taskId: string;
	/** submitted, pending, processing, completed, failed or cancelled (synonyms mapped). */
	status: string;
	/** The gateway's own word when it is not one we know (then status is `processing`). */
	unknownStatus?: string;
	progress: number;
	videoUrls: string[];
	expiresAt?: string;
	error?: string;
	estimatedSeconds?: number;
	cost?: number;
	creditsCost?: number;
	/** The API's own task object (the API key scrubbed), passed out under `task`. */
	raw: IDataObject;
}

export const FINAL_STATUSES = ['completed', 'failed', 'cancelled'];

// Published pages and gateways use other words for the same states.
const STATUS_WORDS: Record<string, string> = {
	submitted: 'submitted',
	queued: 'pending',
	pending: 'pending',
	waiting: 'pending',
	processing: 'processing',
	in_progress: 'processing',
	running: 'processing',
	generating: 'processing',
	completed: 'completed',
	complete: 'completed',
	succeeded: 'completed',
	success: 'completed',
	finished: 'completed',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
};

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function asNumber(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Some gateways answer HTTP 200 with an error body (`{"code": 402, "msg": ...}`,
 * `{"success": false}`): the HTTP status that body stands for, or undefined when it is a success.
 */
export function failedBodyStatus(body: IDataObject): number | undefined {
	const code = asNumber(body.code);
	if (body.success === false) return code && code >= 400 ? code : 400;
	if (code !== undefined && code !== 200 && code !== 0)
		return code >= 400 && code < 600 ? code : 400;
	return undefined;
}

/** Create answers `data: [{task_id, status}]` in one published version and `data: {id}` in another. */
export function parseCreateResponse(body: IDataObject): {
	taskId?: string;
	status: string;
	raw: IDataObject;
} {
	const data = Array.isArray(body.data) ? asObject(body.data[0]) : asObject(body.data);
	const id = data?.task_id ?? data?.id;
	return {
		taskId: typeof id === 'string' && id ? id : undefined,
		status: typeof data?.status === 'string' ? data.status : 'submitted',
		raw: data ?? {},
	};
}

function errorReason(error: unknown): string | undefined {
	if (typeof error === 'string') return error || undefined;
	const e = asObject(error);
	if (!e) return undefined;
	const text = e.message ?? e.msg ?? e.reason;
	if (typeof text === 'string' && text)
		return typeof e.code === 'string' || typeof e.code === 'number' ? `${text} (${e.code})` : text;
	return JSON.stringify(e);
}

/** `url` is an array of strings in one published version and a plain string in another. */
export function parseTaskResponse(body: IDataObject, fallbackId: string): TaskView {
	const data = asObject(body.data) ?? {};
	const result = asObject(data.result);
	const videos = Array.isArray(result?.videos) ? (result.videos as unknown[]) : [];
	const videoUrls: string[] = [];
	let expires: number | undefined;
	for (const video of videos) {
		const v = asObject(video);
		const urls = Array.isArray(v?.url) ? v.url : [v?.url];
		for (const url of urls) if (typeof url === 'string' && url) videoUrls.push(url);
		expires ??= asNumber(v?.expires_at);
	}
	const id = data.id ?? data.task_id;
	const word = typeof data.status === 'string' ? data.status.trim().toLowerCase() : '';
	// An unknown word is a running task, unless the task already carries its video.
	let status = STATUS_WORDS[word] ?? (videoUrls.length ? 'completed' : 'processing');
	if (status === 'completed' && !STATUS_WORDS[word] && !videoUrls.length) status = 'processing';
	const view: TaskView = {
		taskId: typeof id === 'string' && id ? id : fallbackId,
		status,
		progress: asNumber(data.progress) ?? 0,
		videoUrls,
		expiresAt: expires !== undefined ? new Date(expires * 1000).toISOString() : undefined,
		error: errorReason(data.error) ?? errorReason(data.fail_reason),
		estimatedSeconds: asNumber(data.estimated_time),
		cost: asNumber(data.cost),
		creditsCost: asNumber(data.credits_cost),
		raw: data,
	};
	if (!STATUS_WORDS[word]) view.unknownStatus = word || '(none)';
	return view;
}

/**
 * The output item's json: flat fields for the next node, the API's object under `task`.
 * A failed task's reason is `failReason`: `error` on an item is what n8n reads as "the node
 * failed" (Retry On Fail, the error output), and a task that failed is not a node that failed.
 */
export function taskToJson(view: TaskView): IDataObject {
	const json: IDataObject = {
		taskId: view.taskId,
		status: view.status,
		progress: view.progress,
		videoUrl: view.videoUrls[0] ?? null,
		videoUrls: view.videoUrls,
	};
	if (view.expiresAt) json.expiresAt = view.expiresAt;
	if (view.cost !== undefined) json.cost = view.cost;
	if (view.creditsCost !== undefined) json.creditsCost = view.creditsCost;
	if (view.error) json.failReason = view.error;
	json.task = view.raw;
	return json;
}

// ---------------------------------------------------------------------------------------------
// Create.

/**
 * The Idempotency-Key of one paid request: the same for the same execution, node, run, item and
 * request (so our retries, n8n's Retry On Fail and a queue worker that picks the job up again
 * reuse it), different for a new execution (tomorrow's run of the same prompt is a new video).
 */
export function idempotencyKey(parts: {
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

// Tasks this process already created, by idempotency key: n8n's Retry On Fail re-runs the whole
// node in the same execution, and must go on waiting for them instead of buying them again.
const createdTasks = new Map<string, { taskId: string; raw: IDataObject; at: number }>();
const REMEMBER_MS = 24 * 3600_000;
const REMEMBER_MAX = 10_000;

export function rememberedTask(key: string) {
	const entry = createdTasks.get(key);
	return entry && Date.now() - entry.at < REMEMBER_MS ? entry : undefined;
}

function rememberTask(key: string, taskId: string, raw: IDataObject) {
	if (createdTasks.size >= REMEMBER_MAX)
		createdTasks.delete(createdTasks.keys().next().value as string);
	createdTasks.set(key, { taskId, raw, at: Date.now() });
}

// Task IDs also go into the execution's custom data (`$execution.customData`), which n8n saves with
// the execution even when it is stopped before the node returns (in queue mode the worker saves at
// once on Stop, without the node's error): the paid tasks are then in the stored execution, not
// only in a log. n8n allows 10 keys per execution (shared with the workflow's own), so we use at
// most 3, each up to 255 characters.
const CUSTOM_DATA_KEYS = ['veo3_task_ids', 'veo3_task_ids_2', 'veo3_task_ids_3'];
const CUSTOM_DATA_MAX = 255;

export function recordTaskInExecution(ctx: IExecuteFunctions, taskId: string) {
	try {
		const customData = ctx.getWorkflowDataProxy(0).$execution?.customData;
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
const CREATE_RETRY_BUDGET_MS = 120_000;

function ambiguousCreateError(
	session: ApiSession,
	itemIndex: number,
	failure: RequestFailure,
	key: string,
) {
	const { status, code } = failure.last;
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
				'Check your task list or balance on the gateway; if no task was created, run the item again. ' +
				(resent
					? ''
					: 'If your gateway honours Idempotency-Key, say so in the Veo3 API credential and the node resends safely; or turn on "Resubmit After Ambiguous Failure" in Advanced Options (a second video may be billed).'),
		},
	);
}

/** The one paid call: POST /v1/videos/generations with an Idempotency-Key. Returns the new task. */
export async function createTask(
	session: ApiSession,
	itemIndex: number,
	body: IDataObject,
	key: string,
	resubmitOnAmbiguousFailure: boolean,
	gate: { beforeSend?: () => void; onGiveUp?: () => void } = {},
): Promise<{ taskId: string; raw: IDataObject }> {
	const answer = await apiRequest(session, {
		method: 'POST',
		path: '/v1/videos/generations',
		body,
		headers: { 'Idempotency-Key': key },
		itemIndex,
		kind: 'create',
		rules: { idempotent: session.honoursIdempotencyKeys, resubmit: resubmitOnAmbiguousFailure },
		deadline: Date.now() + scaled(CREATE_RETRY_BUDGET_MS),
		...gate,
	});
	if (!answer.ok) {
		if (answer.maybeCreated) throw ambiguousCreateError(session, itemIndex, answer, key);
		if (answer.last.status === 409) {
			throw httpError(
				session,
				itemIndex,
				409,
				answer.last.body,
				`Idempotency-Key ${key}. The gateway has seen this key with another request, or cannot tell how the first one ended: check your task list on the gateway before running the item again; a new execution uses a new key.`,
			);
		}
		throw requestError(session, itemIndex, answer);
	}
	const failedStatus = failedBodyStatus(answer.body);
	if (failedStatus !== undefined)
		throw httpError(
			session,
			itemIndex,
			failedStatus,
			answer.body,
			'The gateway answered HTTP 200 with this error.',
		);
	const created = parseCreateResponse(answer.body);
	if (!created.taskId) {
		// The gateway said yes but gave no ID, so a task may exist and be billed.
		throw new NodeOperationError(
			session.node,
			'The gateway accepted the create request but returned no task ID',
			{
				itemIndex,
				description: scrub(
					session.apiKey,
					`Answer: ${JSON.stringify(answer.body).slice(0, 300)}. A task may have been created and billed: check your task list on the gateway before running the item again. If this is not a Veo3 API gateway, check the Base URL.`,
				),
			},
		);
	}
	// Scrubbed once, before it is remembered: a re-run (Retry On Fail) outputs the remembered copy.
	const raw = scrubDeep(session.apiKey, created.raw);
	rememberTask(key, created.taskId, raw);
	return { taskId: created.taskId, raw };
}

// ---------------------------------------------------------------------------------------------
// Read.

/** GET /v1/tasks/{id}: the task's state now. Errors name the task, which is not lost. */
export async function getTask(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	deadline: number,
): Promise<TaskView> {
	const answer = await apiRequest(session, {
		method: 'GET',
		path: `/v1/tasks/${encodeURIComponent(taskId)}`,
		qs: { language: session.language },
		itemIndex,
		kind: 'read',
		deadline,
	});
	if (!answer.ok) {
		const nodeError = requestError(session, itemIndex, answer);
		nodeError.message = `Task ${taskId}: ${nodeError.message}`;
		if (answer.last.status !== 404)
			nodeError.description =
				`${nodeError.description ?? ''} Task ${taskId} is not lost: check it later with Get Task.`.trim();
		throw nodeError;
	}
	const failedStatus = failedBodyStatus(answer.body);
	if (failedStatus !== undefined) {
		throw httpError(
			session,
			itemIndex,
			failedStatus,
			answer.body,
			`Task ${taskId}; the gateway answered HTTP 200 with this error.`,
		);
	}
	const data = answer.body.data;
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		throw new NodeOperationError(
			session.node,
			`Task ${taskId}: the gateway's answer is not a task`,
			{
				itemIndex,
				description: scrub(
					session.apiKey,
					`Got ${JSON.stringify(answer.body).slice(0, 200)}. The Base URL may not point to a Veo3 API gateway: check it in the Veo3 API credential.`,
				),
			},
		);
	}
	return parseTaskResponse(scrubDeep(session.apiKey, answer.body), taskId);
}
