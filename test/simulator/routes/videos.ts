// POST /v1/videos/generations: creates a task (docs/API.md, "Create"), with the gateway's
// idempotency, validation (bodies.ts: each channel's body) and 402; the prompt can steer the
// task: [fail], [cancel], [novideo], [duration=Nms]. `paidCall` is the way every paid call goes
// (this one and the remix, remix.ts).
import type { Problem } from '../bodies';
import { createProblem } from '../bodies';
import { applyFault } from '../faults';
import type { FaultRoute, LoggedRequest, Request, Response, SimState, SimTask } from '../state';
import { authorized, delay, PRICE_PER_VIDEO_USD, send } from '../state';
import { scheduleCallback } from './callbacks';

/** What a paid call's tasks are, beyond what every task has. */
type TaskKind = Pick<SimTask, 'model' | 'gif' | 'videoSeconds' | 'samples' | 'remixOf'>;

/** A paid call refused: its HTTP status and what is wrong (the field, when one is). */
export type Refusal = Problem & { status: number };

/** One paid call: its fault queue, what it refuses, and what its tasks are. */
export interface PaidCall {
	fault: FaultRoute;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	refuse: (body: any) => Refusal | undefined;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	kind: (body: any) => TaskKind;
}

function outcomeOf(prompt: string): SimTask['outcome'] {
	if (prompt.includes('[fail]')) return 'failed';
	if (prompt.includes('[cancel]')) return 'cancelled';
	return 'completed';
}

/** The tasks one paid call makes (config.tasksPerCreate of them), each bought. */
function createTasks(
	state: SimState,
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any,
	request: { key?: string; text: string },
	kind: TaskKind,
): SimTask[] {
	const { config } = state;
	const prompt = String(body.prompt ?? '');
	const tasks = Array.from({ length: Math.max(1, config.tasksPerCreate) }, () => {
		const id = `task_${Date.now().toString(36).toUpperCase()}${(++state.counters.seq).toString().padStart(4, '0')}`;
		const task: SimTask = {
			id,
			createdAt: Date.now(),
			durationMs: config.taskDurationMs,
			outcome: outcomeOf(prompt),
			noVideo: prompt.includes('[novideo]'),
			...kind,
			body,
		};
		const match = /\[duration=(\d+)ms\]/.exec(prompt);
		if (match) task.durationMs = (Number(match[1]) * config.msPerSecond) / 1000;
		state.tasks.set(id, task);
		state.newTasks.push(task);
		state.stats.tasksCreated++;
		// Bought when created; a task that fails is refunded, so it is never charged here.
		if (task.outcome === 'completed') state.spent += PRICE_PER_VIDEO_USD * task.samples;
		if (typeof body.webhook === 'string' && body.webhook && task.outcome !== 'cancelled')
			scheduleCallback(state, task, body.webhook);
		return task;
	});
	if (request.key && config.honourIdempotency)
		state.idempotency.set(request.key, { request: request.text, tasks });
	return tasks;
}

function answerCreated(
	state: SimState,
	res: Response,
	tasks: SimTask[],
	headers: Record<string, string> = {},
): void {
	let data: unknown = tasks.map((task) => ({ status: 'submitted', task_id: task.id }));
	if (state.config.createShape === 'object') {
		const objects = tasks.map((task) => ({ id: task.id, status: 'submitted' }));
		data = objects.length === 1 ? objects[0] : objects;
	}
	send(res, 200, { code: 200, data }, headers);
}

/** The error envelope of a refused paid call: 400 names the field in `error.param`. */
export function sendRefusal(res: Response, refusal: Refusal): void {
	const type = refusal.status === 404 ? 'not_found_error' : 'invalid_request';
	send(res, refusal.status, {
		code: refusal.status,
		error: { message: refusal.message, type, param: refusal.param },
	});
}

/**
 * A paid call: held (createHoldMs), 401, the idempotency replay or 409, an injected fault of
 * `call.fault` (one that acts after the work buys only what would have been bought), 400/404,
 * 402, then its tasks bought and named.
 */
export async function paidCall(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
	call: PaidCall,
): Promise<void> {
	const { config } = state;
	if (config.createHoldMs) await delay(config.createHoldMs);
	if (!authorized(state, req, res)) return;
	const body = entry.body;
	if (!body || typeof body !== 'object' || Array.isArray(body))
		return send(res, 400, { code: 400, message: 'body must be JSON' });
	const header = req.headers['idempotency-key'];
	const key = config.honourIdempotency && typeof header === 'string' ? header : undefined;
	// The same key for another path (a create, then a remix) is another request too.
	const request = { key, text: `${entry.path} ${JSON.stringify(body)}` };
	const seen = key ? state.idempotency.get(key) : undefined;
	if (seen && seen.request !== request.text) {
		return send(res, 409, {
			error: {
				code: 'idempotency_key_reused',
				message: 'Idempotency-Key was used with another request body',
				type: 'idempotency_error',
			},
		});
	}
	if (seen) return answerCreated(state, res, seen.tasks, { 'idempotency-replayed': 'true' });
	const buys = () => !call.refuse(body) && config.balance > 0;
	const buy = () => createTasks(state, body, request, call.kind(body));
	if (applyFault(state, call.fault, req, res, () => void (buys() && buy()))) return;
	const refusal = call.refuse(body);
	if (refusal) return sendRefusal(res, refusal);
	if (config.balance <= 0)
		return send(res, 402, { code: 402, msg: 'Insufficient balance, please top up' });
	answerCreated(state, res, buy());
}

const CREATE: PaidCall = {
	fault: 'create',
	refuse: (body) => {
		const problem = createProblem(body);
		return problem && { status: 400, ...problem };
	},
	kind: (body) => ({
		model: body.model,
		gif: body.enable_gif === true,
		videoSeconds: typeof body.duration === 'number' ? body.duration : 8,
		samples: Number(body.sample_count ?? 1),
	}),
};

export async function createVideo(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
): Promise<void> {
	await paidCall(state, req, res, entry, CREATE);
}
