import type { IDataObject } from 'n8n-workflow';

/** A task as the node reports it, whichever of the published response shapes the gateway used. */
export interface TaskView {
	taskId: string;
	status: string;
	progress: number;
	videoUrls: string[];
	expiresAt?: string;
	error?: string;
	estimatedSeconds?: number;
	/** The API's own task object, passed out untouched under `task`. */
	raw: IDataObject;
}

export const FINAL_STATUSES = ['completed', 'failed', 'cancelled'];

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

function asNumber(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Create answers `data: [{task_id, status}]` in one published version and `data: {id}` in another. */
export function parseCreateResponse(body: IDataObject): { taskId?: string; status: string; raw: IDataObject } {
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
	if (typeof text === 'string' && text) return typeof e.code === 'string' || typeof e.code === 'number' ? `${text} (${e.code})` : text;
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
	return {
		taskId: typeof id === 'string' && id ? id : fallbackId,
		status: typeof data.status === 'string' ? data.status.toLowerCase() : 'unknown',
		progress: asNumber(data.progress) ?? 0,
		videoUrls,
		expiresAt: expires !== undefined ? new Date(expires * 1000).toISOString() : undefined,
		error: errorReason(data.error) ?? errorReason(data.fail_reason),
		estimatedSeconds: asNumber(data.estimated_time),
		raw: data,
	};
}

/** The output item's json: flat fields for the next node, the API's object under `task`. */
export function taskToJson(view: TaskView): IDataObject {
	const json: IDataObject = {
		taskId: view.taskId,
		status: view.status,
		progress: view.progress,
		videoUrl: view.videoUrls[0] ?? null,
		videoUrls: view.videoUrls,
	};
	if (view.expiresAt) json.expiresAt = view.expiresAt;
	if (view.error) json.error = view.error;
	json.task = view.raw;
	return json;
}
