// The simulator's own routes, for the benchmark and the real-n8n scripts (which run it in
// another process): /__sim/report says what happened, /__sim/reset forgets it, /__sim/faults
// queues faults for a route (what `inject` does in the tests).
import type { Fault, LoggedRequest, Request, Response, SimState } from '../state';
import { ROUTES_WITH_FAULTS, send } from '../state';
import { REMIX_PATH } from './remix';
import { TASK_PATH } from './tasks';

/** The paid calls and uploads the gateway was sent (answered or refused). */
function requestCounts(log: LoggedRequest[]) {
	const posts = log.filter((entry) => entry.method === 'POST');
	return {
		creates: posts.filter((entry) => entry.path === '/v1/videos/generations').length,
		remixes: posts.filter((entry) => REMIX_PATH.test(entry.path)).length,
		uploads: posts.filter((entry) => entry.path === '/v1/uploads/images').length,
	};
}

/**
 * When each task finished and when a poll first saw it finished, its model, GIF or not, video
 * length, original (a remix) and images (`image_urls`, `generation_type`); the requests sent;
 * callbacks; videos served.
 */
export function report(state: SimState, _req: Request, res: Response): void {
	const polls: Record<string, number> = {};
	for (const entry of state.log) {
		const id = TASK_PATH.exec(entry.path)?.[1];
		if (id) polls[id] = (polls[id] ?? 0) + 1;
	}
	send(res, 200, {
		videosServed: state.fileLog.filter((entry) => entry.path.startsWith('/videos/')).length,
		requests: requestCounts(state.log),
		tasks: [...state.tasks.values()].map((task) => ({
			id: task.id,
			prompt: task.body.prompt,
			model: task.model,
			gif: task.gif,
			videoSeconds: task.videoSeconds,
			remixOf: task.remixOf ?? null,
			imageUrls: task.body.image_urls ?? null,
			generationType: task.body.generation_type ?? null,
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

/**
 * POST /__sim/faults with { route, faults }: the next requests to the route get the faults, one
 * each (a `serve` fault's body as text).
 */
export function queueFaults(
	state: SimState,
	_req: Request,
	res: Response,
	entry: LoggedRequest,
): void {
	const { route, faults } = (entry.body ?? {}) as { route?: unknown; faults?: unknown };
	const known = ROUTES_WITH_FAULTS.find((name) => name === route);
	if (!known || !Array.isArray(faults) || !faults.length)
		return send(res, 400, {
			message: `want { route: one of ${ROUTES_WITH_FAULTS.join(', ')}, faults: [...] }`,
		});
	state.faults[known].push(...(faults as Fault[]));
	send(res, 200, { ok: true, queued: state.faults[known].length });
}
