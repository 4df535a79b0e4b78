// POST /v1/videos/generations: creates a task (docs/API.md, "Create"), with the gateway's
// idempotency, validation (bodies.ts: each channel's body) and 402; the prompt can steer the
// task: [fail], [cancel], [novideo], [duration=Nms].
import { createProblem } from '../bodies';
import { applyFault } from '../faults';
import type { LoggedRequest, Request, Response, SimState, SimTask } from '../state';
import { authorized, delay, PRICE_PER_VIDEO_USD, send } from '../state';
import { scheduleCallback } from './callbacks';

function outcomeOf(prompt: string): SimTask['outcome'] {
	if (prompt.includes('[fail]')) return 'failed';
	if (prompt.includes('[cancel]')) return 'cancelled';
	return 'completed';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function createTask(state: SimState, body: any, key: string | undefined): SimTask {
	const { config } = state;
	const prompt = String(body.prompt ?? '');
	const id = `task_${Date.now().toString(36).toUpperCase()}${(++state.counters.seq).toString().padStart(4, '0')}`;
	const task: SimTask = {
		id,
		createdAt: Date.now(),
		durationMs: config.taskDurationMs,
		outcome: outcomeOf(prompt),
		noVideo: prompt.includes('[novideo]'),
		samples: Number(body.sample_count ?? 1),
		gif: body.enable_gif === true,
		body,
	};
	const match = /\[duration=(\d+)ms\]/.exec(prompt);
	if (match) task.durationMs = (Number(match[1]) * config.msPerSecond) / 1000;
	state.tasks.set(id, task);
	state.newTasks.push(task);
	state.stats.tasksCreated++;
	// Bought when created; a task that fails is refunded, so it is never charged here.
	if (task.outcome === 'completed') state.spent += PRICE_PER_VIDEO_USD * task.samples;
	if (key && config.honourIdempotency)
		state.idempotency.set(key, { body: JSON.stringify(body), task });
	if (typeof body.webhook === 'string' && body.webhook && task.outcome !== 'cancelled')
		scheduleCallback(state, task, body.webhook);
	return task;
}

function answerCreated(
	state: SimState,
	res: Response,
	task: SimTask,
	headers: Record<string, string> = {},
): void {
	const data =
		state.config.createShape === 'object'
			? { id: task.id, status: 'submitted' }
			: [{ status: 'submitted', task_id: task.id }];
	send(res, 200, { code: 200, data }, headers);
}

export async function createVideo(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
): Promise<void> {
	const { config } = state;
	if (config.createHoldMs) await delay(config.createHoldMs);
	if (!authorized(state, req, res)) return;
	const body = entry.body;
	if (!body || typeof body !== 'object')
		return send(res, 400, { code: 400, message: 'body must be JSON' });
	const header = req.headers['idempotency-key'];
	const key = config.honourIdempotency && typeof header === 'string' ? header : undefined;
	const seen = key ? state.idempotency.get(key) : undefined;
	if (seen && seen.body !== JSON.stringify(body)) {
		return send(res, 409, {
			error: {
				code: 'idempotency_key_reused',
				message: 'Idempotency-Key was used with another request body',
				type: 'idempotency_error',
			},
		});
	}
	if (seen) return answerCreated(state, res, seen.task, { 'idempotency-replayed': 'true' });
	if (applyFault(state, 'create', req, res, () => createTask(state, body, key))) return;
	const problem = createProblem(body);
	if (problem) {
		const error = { message: problem.message, type: 'invalid_request', param: problem.param };
		return send(res, 400, { code: 400, error });
	}
	if (config.balance <= 0)
		return send(res, 402, { code: 402, msg: 'Insufficient balance, please top up' });
	answerCreated(state, res, createTask(state, body, key));
}
