// As APIMart does: when a task ends, POST the same JSON as GET /v1/tasks/{id} to
// <webhook>/callback, unsigned; retry up to 3 times (10, 30, 60 s) on 5xx or no answer.
import type { SimState, SimTask } from '../state';
import { later } from '../state';
import { taskBody } from './tasks';

const RETRY_AFTER_SECONDS = [10, 30, 60];

/** Schedules the callback of a task created with a `webhook`, for when it ends. */
export function scheduleCallback(state: SimState, task: SimTask, webhook: string): void {
	const url = `${webhook.replace(/\/+$/, '')}/callback`;
	later(state, task.durationMs + 5, () => void deliverCallback(state, task, url, 1));
}

async function deliverCallback(
	state: SimState,
	task: SimTask,
	url: string,
	attempt: number,
): Promise<void> {
	if (state.config.dropCallbacks) {
		state.callbacks.push({ taskId: task.id, url, status: 'dropped', attempt });
		return;
	}
	let status: number | string;
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(taskBody(state, task)),
			signal: AbortSignal.timeout(10_000),
		});
		status = response.status;
	} catch (error) {
		status = String(error.code ?? error.name ?? error);
	}
	state.callbacks.push({ taskId: task.id, url, status, attempt });
	const retry = typeof status !== 'number' || status >= 500;
	if (retry && attempt <= RETRY_AFTER_SECONDS.length)
		later(state, RETRY_AFTER_SECONDS[attempt - 1] * state.config.msPerSecond, () => {
			void deliverCallback(state, task, url, attempt + 1);
		});
}
