// A task as the node reports it, read from whichever published shape the gateway used. Pure.
import type { IDataObject } from 'n8n-workflow';

import { asNumber, asObject, taskIdOf, taskObjectOf } from '../transport';

/** The API takes Sample Count 1 to 4: a task has at most this many videos. */
export const MAX_SAMPLES = 4;

export interface TaskView {
	taskId: string;
	/** submitted, pending, processing, completed, failed or cancelled (synonyms mapped). */
	status: string;
	/** The gateway's own word when it is not one we know. */
	unknownStatus?: string;
	progress: number;
	/** Absolute http(s) links, distinct, at most MAX_SAMPLES. */
	videoUrls: string[];
	expiresAt?: string;
	error?: string;
	estimatedSeconds?: number;
	/** When the gateway says the task was created (epoch ms), if it says so readably. */
	createdAt?: number;
	cost?: number;
	creditsCost?: number;
	/** The API's own task object (the API key scrubbed), passed out under `task`. */
	raw: IDataObject;
}

export const FINAL_STATUSES = ['completed', 'failed', 'cancelled'];

/**
 * Why a task ID cannot be looked up at GET /v1/tasks/{id}, if it cannot. It goes out as one
 * percent-encoded path segment, but "." and ".." would be removed by URL normalisation (so
 * would %2e, their only encoding) and send the request to another path.
 */
export function unaddressableTaskId(taskId: string): string | undefined {
	if (!taskId) return 'it is empty';
	if (taskId === '.' || taskId === '..') return 'a path of dots names no task';
	const control = [...taskId].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
	if (control) return 'it has control characters';
	if (taskId.length > 1000) return 'it is longer than 1000 characters';
	return undefined;
}

// Published pages and gateways use other words for the same states. A Map, not an object:
// a status word such as "constructor" must not find Object's own properties.
const STATUS_WORDS = new Map(
	Object.entries({
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
		rejected: 'failed',
		cancelled: 'cancelled',
		canceled: 'cancelled',
	}),
);

/**
 * Create answers `data: [{task_id, status}]` in one published version and `data: {id}` in another.
 * A list may name several tasks: every one is a paid task (the item follows the first).
 */
export function parseCreateResponse(body: IDataObject): {
	taskId?: string;
	otherTaskIds: string[];
	status: string;
	raw: IDataObject;
} {
	const data = taskObjectOf(body);
	const taskId = taskIdOf(body);
	const list = Array.isArray(body.data) ? (body.data as unknown[]).slice(1, 100) : [];
	const others = list
		.map((entry) => taskIdOf({ data: entry }))
		.filter((id): id is string => id !== undefined && id !== taskId);
	return {
		taskId,
		otherTaskIds: [...new Set(others)],
		status: typeof data?.status === 'string' ? data.status : 'submitted',
		raw: data ?? {},
	};
}

/** A time the gateway gives in seconds, milliseconds, microseconds or ISO text, as epoch ms. */
function readTimestamp(value: unknown): number | undefined {
	const n = asNumber(value);
	let ms: number | undefined;
	if (n !== undefined && n > 0) ms = n > 1e14 ? n / 1000 : n > 1e11 ? n : n * 1000;
	else if (typeof value === 'string') ms = Date.parse(value);
	// Between 2001 and 2100: anything else is not a time we can show.
	return ms !== undefined && ms > 978_307_200_000 && ms < 4_102_444_800_000 ? ms : undefined;
}

function errorReason(error: unknown): string | undefined {
	if (typeof error === 'string') return error.slice(0, 1000) || undefined;
	const e = asObject(error);
	if (!e) return undefined;
	const text = e.message ?? e.msg ?? e.reason;
	const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : '';
	if (typeof text === 'string' && text)
		return (code !== '' ? `${text} (${code})` : text).slice(0, 1000);
	return code !== '' ? String(code).slice(0, 200) : undefined;
}

/** Absolute http(s) links only (relative ones are the gateway's own), each once, at most 4. */
function videoLinks(candidates: unknown[], baseUrl: string): string[] {
	const links: string[] = [];
	for (const candidate of candidates) {
		if (typeof candidate !== 'string' || !candidate.trim()) continue;
		let url: URL;
		try {
			url = new URL(candidate.trim(), `${baseUrl}/`);
		} catch {
			continue;
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
		if (!links.includes(url.href)) links.push(url.href);
		if (links.length === MAX_SAMPLES) break;
	}
	return links;
}

/** `url` is an array of strings in one published version and a plain string in another. */
export function parseTaskResponse(body: IDataObject, fallbackId: string, baseUrl = ''): TaskView {
	const data = asObject(body.data) ?? {};
	const result = asObject(data.result);
	const videos = Array.isArray(result?.videos) ? (result.videos as unknown[]).slice(0, 100) : [];
	const candidates: unknown[] = [];
	let expires: number | undefined;
	for (const video of videos) {
		const v = asObject(video);
		candidates.push(...(Array.isArray(v?.url) ? v.url.slice(0, 100) : [v?.url]));
		expires ??= readTimestamp(v?.expires_at);
	}
	const videoUrls = videoLinks(candidates, baseUrl || 'http://invalid');
	const word = typeof data.status === 'string' ? data.status.trim().toLowerCase().slice(0, 60) : '';
	const known = STATUS_WORDS.get(word);
	const error = errorReason(data.error) ?? errorReason(data.fail_reason);
	// An unknown word: completed when the task carries its video, ended with the reason when
	// it gives one, else still running.
	const status = known ?? (videoUrls.length ? 'completed' : error ? 'failed' : 'processing');
	const view: TaskView = {
		taskId: taskIdOf(body) ?? fallbackId,
		status,
		progress: Math.min(100, Math.max(0, asNumber(data.progress) ?? 0)),
		videoUrls,
		expiresAt: expires !== undefined ? new Date(expires).toISOString() : undefined,
		error,
		estimatedSeconds: asNumber(data.estimated_time),
		createdAt: readTimestamp(data.created),
		cost: asNumber(data.cost),
		creditsCost: asNumber(data.credits_cost),
		raw: data,
	};
	if (!known) view.unknownStatus = word || '(none)';
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
	// What the link points to, as far as its name tells (a stored file says it by its type).
	if (view.videoUrls.length)
		json.fileType = /\.gif$/i.test(new URL(view.videoUrls[0]).pathname) ? 'gif' : 'video';
	if (view.expiresAt) json.expiresAt = view.expiresAt;
	if (view.cost !== undefined) json.cost = view.cost;
	if (view.creditsCost !== undefined) json.creditsCost = view.creditsCost;
	if (view.error) json.failReason = view.error;
	json.task = view.raw;
	return json;
}
