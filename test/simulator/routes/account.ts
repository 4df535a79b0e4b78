// GET /v1/balance (the key's) and /v1/user/balance (the account's, in tenths here so the two
// differ): what was bought since the start (or the last clear) is taken off, as a gateway does.
// And GET /v1/models (the OpenAI-style model list many gateways serve).
import { applyFault } from '../faults';
import type { LoggedRequest, Request, Response, SimState } from '../state';
import { authorized, send } from '../state';

export const BALANCE_PATH = /^\/v1(\/user)?\/balance$/;

export function getBalance(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
): void {
	const { config } = state;
	if (!authorized(state, req, res)) return;
	if (applyFault(state, 'balance', req, res)) return;
	if (!config.balanceEndpoints) return send(res, 404, { code: 404, message: 'no such route' });
	if (config.balanceError) return send(res, 200, { success: false, message: config.balanceError });
	const account = entry.path === '/v1/user/balance';
	const unlimited = config.remainBalance === -1;
	const round = (n: number) => Math.round(n * 10_000) / 10_000;
	const remain = unlimited ? -1 : round(config.remainBalance - state.spent);
	const used = round(config.usedBalance + state.spent);
	send(res, 200, {
		success: true,
		remain_balance: account && !unlimited ? round(remain * 10) : remain,
		used_balance: account ? round(used * 10) : used,
		unlimited_quota: unlimited,
	});
}

export function listModels(state: SimState, req: Request, res: Response): void {
	if (!authorized(state, req, res)) return;
	if (applyFault(state, 'models', req, res)) return;
	if (!state.config.models) return send(res, 404, { code: 404, message: 'no such route' });
	send(res, 200, {
		object: 'list',
		data: state.config.models.map((id) => ({ id, object: 'model' })),
	});
}
