// The retry policy (docs/RELIABILITY.md) as one pure decision. test/retryPolicy.test.ts is the
// policy as a table.
import { SSRF_BLOCKED_CODE, TLS_CODE } from './failures';
import type { Attempt } from './gatewayAnswers';
import { apiMessage, effectiveStatus, errorCodeOf, taskIdOf } from './gatewayAnswers';

/** Status checks, uploads and downloads are free to repeat; a create call bills on success. */
export type RequestKind = 'free' | 'create';

export interface RetryRules {
	/** create: the gateway replays a resent create with the same Idempotency-Key. */
	idempotent?: boolean;
	/** create: the user accepts a second bill rather than an error (Advanced Options). */
	resubmit?: boolean;
}

export type Decision =
	| { action: 'success' }
	| { action: 'retry' }
	/** `maybeCreated`: a create that failed after it was sent; a task may exist and be billed. */
	| { action: 'fail'; maybeCreated: boolean };

// Failures that happen before a byte of the request leaves this machine.
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];
/** Gateways' own clients treat these as temporary. */
const TRANSIENT_STATUSES = [408, 429, 500, 502, 503, 504];

export function isTransientStatus(status: number): boolean {
	return TRANSIENT_STATUSES.includes(status) || status >= 500;
}

/** A create that failed this way certainly created nothing: it is safe to send again. */
export function createNotRun(attempt: Attempt): boolean {
	const { code } = attempt;
	const status = effectiveStatus(attempt);
	const errorCode = errorCodeOf(attempt.body);
	return (
		status === 429 ||
		(code !== undefined && NOT_SENT_CODES.includes(code)) ||
		(status === 503 && errorCode === 'idempotency_unavailable') ||
		// APIMart: no upstream channel was free; the request was not run.
		(status !== undefined && status >= 500 && errorCode === 'get_channel_failed')
	);
}

function rejectedRequest(status: number | undefined, body: unknown): boolean {
	// APIMart answers some bad parameters with 500 build_request_failed: nothing was created.
	return (
		status === 500 && /build_request_failed/.test(`${apiMessage(body) ?? ''} ${errorCodeOf(body)}`)
	);
}

export function decideRetry(kind: RequestKind, attempt: Attempt, rules: RetryRules = {}): Decision {
	const { code } = attempt;
	const status = effectiveStatus(attempt);
	if (status !== undefined && status >= 200 && status < 300) return { action: 'success' };
	// A create answer that names a task made that task, whatever its status says (a 429 or 503
	// with a task ID is not "not run"): it is followed, never sent again.
	if (kind === 'create' && status !== undefined && taskIdOf(attempt.body) !== undefined)
		return { action: 'success' };
	if (code !== undefined && TLS_CODE.test(code)) return { action: 'fail', maybeCreated: false };
	// n8n's own SSRF protection refused the address: nothing was sent, and asking again will not help.
	if (code === SSRF_BLOCKED_CODE) return { action: 'fail', maybeCreated: false };
	if (rejectedRequest(status, attempt.body)) return { action: 'fail', maybeCreated: false };
	const transient = (status !== undefined && isTransientStatus(status)) || code !== undefined;
	if (kind === 'free')
		return transient ? { action: 'retry' } : { action: 'fail', maybeCreated: false };

	if (createNotRun(attempt)) return { action: 'retry' };
	// Our own earlier attempt with this key is still running at the gateway: ask again later.
	const inProgress = status === 409 && errorCodeOf(attempt.body) === 'idempotency_in_progress';
	if (inProgress)
		return rules.idempotent ? { action: 'retry' } : { action: 'fail', maybeCreated: true };
	if (!transient) return { action: 'fail', maybeCreated: false };
	return rules.idempotent || rules.resubmit
		? { action: 'retry' }
		: { action: 'fail', maybeCreated: true };
}
