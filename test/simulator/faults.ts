/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import { makeMp4 } from './mp4';
import type { FaultRoute, Request, Response, SimState } from './state';
import { send } from './state';

/**
 * Answers with the route's next injected fault, if there is one; returns true when the response
 * is handled. `doTheWork` is what the request would have done (create the task), for faults that
 * happen after the work: a dropped connection or a hang after the gateway acted.
 */
export function applyFault(
	state: SimState,
	route: FaultRoute,
	req: Request,
	res: Response,
	doTheWork?: () => void,
): boolean {
	const fault = state.faults[route].shift();
	if (!fault) return false;
	state.stats.faultsServed[route] = (state.stats.faultsServed[route] ?? 0) + 1;
	if (fault.drop) {
		if (fault.drop === 'after') doTheWork?.();
		req.socket.destroy();
		return true;
	}
	if (fault.truncate) {
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
		res.write(makeMp4(100000, 'truncated').subarray(0, 5000));
		setTimeout(() => req.socket.destroy(), 20);
		return true;
	}
	if (fault.raw !== undefined) {
		// Anything but the API's JSON: a web page, plain text.
		res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'text/html' });
		res.end(fault.raw);
		return true;
	}
	if (fault.serve) {
		const headers: Record<string, string> = { 'content-type': fault.serve.contentType };
		if (!fault.serve.noLength) headers['content-length'] = String(fault.serve.body.length);
		res.writeHead(200, headers);
		res.end(fault.serve.body);
		return true;
	}
	if (fault.redirect) {
		res.writeHead(302, { location: fault.redirect });
		res.end();
		return true;
	}
	if (fault.hang) {
		if (fault.afterEffect) doTheWork?.();
		return true; // never answers; the client's timeout must end it
	}
	if (fault.status) {
		if (fault.afterEffect) doTheWork?.();
		const headers: Record<string, string> =
			fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
		const body = fault.body ?? {
			code: fault.status,
			error: { message: `injected ${fault.status}` },
		};
		send(res, fault.status, body, headers);
		return true;
	}
	return false;
}
