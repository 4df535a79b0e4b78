// The simulator's own routes, for the benchmark and the real-n8n scripts (which run it in
// another process): /__sim/report says what happened, /__sim/reset forgets it.
import type { Request, Response, SimState } from '../state';
import { send } from '../state';
import { TASK_PATH } from './tasks';

/**
 * When each task finished and when a poll first saw it finished, its model, GIF or not, video
 * length and original (a remix); callbacks; videos served.
 */
export function report(state: SimState, _req: Request, res: Response): void {
	const polls: Record<string, number> = {};
	for (const entry of state.log) {
		const id = TASK_PATH.exec(entry.path)?.[1];
		if (id) polls[id] = (polls[id] ?? 0) + 1;
	}
	send(res, 200, {
		videosServed: state.fileLog.filter((entry) => entry.path.startsWith('/videos/')).length,
		tasks: [...state.tasks.values()].map((task) => ({
			id: task.id,
			prompt: task.body.prompt,
			model: task.model,
			gif: task.gif,
			videoSeconds: task.videoSeconds,
			remixOf: task.remixOf ?? null,
			createdAt: task.createdAt,
			finishedAt: task.createdAt + task.durationMs,
			firstNoticedAt: task.firstNoticedAt ?? null,
			polls: polls[task.id] ?? 0,
		})),
		maxCreatesInFlight: state.stats.maxCreatesInFlight,
		callbacks: state.callbacks,
	});
}

export function reset(state: SimState, _req: Request, res: Response): void {
	state.tasks.clear();
	state.idempotency.clear();
	state.log.length = 0;
	state.fileLog.length = 0;
	state.stats.maxCreatesInFlight = 0;
	state.spent = 0;
	send(res, 200, { ok: true });
}
