// GET /v1/tasks/{id}: a task's state over time, as the gateway reports it (docs/API.md, "Task").
import { applyFault } from '../faults';
import type { LoggedRequest, Request, Response, SimState, SimTask } from '../state';
import { authorized, PRICE_PER_VIDEO_USD, send } from '../state';

/** pending for the first 10 % of its duration, then processing, then its outcome. */
export function taskState(task: SimTask, now: number): string {
	if (task.finalStatus) return task.finalStatus;
	const elapsed = now - task.createdAt;
	if (elapsed < task.durationMs * 0.1) return 'pending';
	if (elapsed < task.durationMs) return 'processing';
	return task.outcome;
}

function progressAt(state: SimState, share: number): number {
	if (state.config.progressMode === 'none') return 0;
	if (state.config.progressMode === 'jumps') return share < 0.8 ? 5 : 95;
	return Math.min(99, Math.floor(share * 100));
}

/**
 * The result of a completed task: one link per sample, on the file server (or the gateway). A
 * GIF task's links end in .gif, in the same result.videos[].url (the API has no other word for
 * it).
 */
function videoResult(state: SimState, task: SimTask, now: number) {
	if (task.noVideo) return { videos: [] };
	const origin = state.config.urlShape === 'relative' ? '' : state.fileBase();
	const extension = task.gif ? 'gif' : 'mp4';
	const urls = Array.from(
		{ length: task.samples },
		(_, n) => `${origin}/videos/${task.id}_${n}.${extension}`,
	);
	const url = state.config.urlShape === 'string' && urls.length === 1 ? urls[0] : urls;
	return { videos: [{ url, expires_at: Math.floor(now / 1000) + 86400 }] };
}

/** The JSON of GET /v1/tasks/{id} (and of the callback) for a task, now. */
export function taskBody(state: SimState, task: SimTask) {
	const { config } = state;
	const now = Date.now();
	const status = taskState(task, now);
	const data: Record<string, unknown> = {
		id: task.id,
		// As the create answer's object form does; a gateway may not (reportTaskModel false).
		...(config.reportTaskModel ? { model: task.model } : {}),
		status,
		progress: progressAt(state, (now - task.createdAt) / task.durationMs),
		// Unix seconds; fractional on a scaled clock (tests), where a second is a few ms.
		created:
			config.msPerSecond === 1000 ? Math.floor(task.createdAt / 1000) : task.createdAt / 1000,
	};
	if (config.giveEstimate)
		data.estimated_time = Math.max(
			1,
			Math.round((task.durationMs * config.estimateFactor) / config.msPerSecond),
		);
	if (status === 'completed') {
		if (task.firstNoticedAt === undefined) task.firstNoticedAt = now;
		data.completed = Math.floor((task.createdAt + task.durationMs) / 1000);
		data.actual_time = Math.round(task.durationMs / config.msPerSecond);
		data.progress = 100;
		data.cost = PRICE_PER_VIDEO_USD * task.samples;
		data.credits_cost = PRICE_PER_VIDEO_USD * 10 * task.samples;
		data.result = videoResult(state, task, now);
	}
	if (status === 'failed')
		data.error = {
			code: 'content_policy',
			message: 'The prompt was rejected by the safety filter',
		};
	if (config.statusWords[status]) data.status = config.statusWords[status];
	if (config.echoKey) data.request = { authorization: `Bearer ${config.apiKey}` };
	if (status === 'cancelled') data.error = { code: 'cancelled', message: 'The task was cancelled' };
	return { code: 200, data };
}

export const TASK_PATH = /^\/v1\/tasks\/([^/]+)$/;

export function getTask(state: SimState, req: Request, res: Response, entry: LoggedRequest): void {
	if (!authorized(state, req, res)) return;
	const id = decodeURIComponent(TASK_PATH.exec(entry.path)![1]);
	if (applyFault(state, 'task', req, res)) return;
	const every = state.config.rateLimitEvery;
	if (every && ++state.counters.statusRequests % every === 0) {
		const body = { error: { code: 429, message: 'rate limited' } };
		const after = state.config.rateLimitRetryAfter;
		return send(res, 429, body, after === null ? {} : { 'retry-after': String(after) });
	}
	const task = state.tasks.get(id);
	if (!task) return send(res, 404, { code: 404, message: `task ${id} not found` });
	send(res, 200, taskBody(state, task));
}
