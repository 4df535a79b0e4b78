// POST /v1/videos/{task_id}/remix (docs/API.md, "Remix"): extends a completed video of
// veo3.1-fast or veo3.1-quality to 15 s (the extension alone, 7 s, when raw). A paid call like a
// create (videos.ts paidCall: idempotency, 402, tasksPerCreate), with its own fault queue
// ('remix'); its task is read with GET /v1/tasks/{id} like any other.
import { REMIXABLE_MODELS, remixProblem } from '../bodies';
import type { LoggedRequest, Request, Response, SimState } from '../state';
import { taskState } from './tasks';
import type { Refusal } from './videos';
import { paidCall } from './videos';

export const REMIX_PATH = /^\/v1\/videos\/([^/]+)\/remix$/;

/** The video length of a remix: the whole video, or only the extension when raw. */
export const REMIX_SECONDS = { whole: 15, raw: 7 };

export async function remixVideo(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
): Promise<void> {
	const id = decodeURIComponent(REMIX_PATH.exec(entry.path)![1]);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const refuse = (body: any): Refusal | undefined => {
		const problem = remixProblem(body, state.config.remixTakesWebhook);
		if (problem) return { status: 400, ...problem };
		const original = state.tasks.get(id);
		if (!original) return { status: 404, param: 'task_id', message: `task ${id} not found` };
		const status = taskState(original, Date.now());
		if (status !== 'completed')
			return {
				status: 400,
				param: 'task_id',
				message: `task ${id} is ${status}: only a completed video can be extended`,
			};
		if (!REMIXABLE_MODELS.includes(original.model))
			return {
				status: 400,
				param: 'model',
				message: `task ${id} was made with ${original.model}: only videos of ${REMIXABLE_MODELS.join(' and ')} can be extended`,
			};
		if (body.model !== original.model)
			return {
				status: 400,
				param: 'model',
				message: `model must be the original task's model, ${original.model} (got ${JSON.stringify(body.model)})`,
			};
		return undefined;
	};
	await paidCall(state, req, res, entry, {
		fault: 'remix',
		refuse,
		kind: (body) => ({
			model: body.model,
			gif: false,
			videoSeconds: body.raw === true ? REMIX_SECONDS.raw : REMIX_SECONDS.whole,
			samples: 1,
			remixOf: id,
		}),
	});
}
