// The retry policy (README, "Reliability") as one pure decision, and how to read what the
// gateway answered. Pure functions: test/retryPolicy.test.ts is the policy as a table.
import type { IDataObject } from 'n8n-workflow';

/** Status checks, uploads and downloads are free to repeat; a create call bills on success. */
export type RequestKind = 'read' | 'create';

/** What one attempt produced: an HTTP answer, or a network failure code. */
export interface Attempt {
	status?: number;
	code?: string;
	body?: unknown;
	headers?: IDataObject;
}

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
// TLS and certificate failures: nothing was sent, and trying again will not help.
export const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|EPROTO/;

export function errorCodeOf(body: unknown): string {
	const b = body as { error?: { code?: unknown; type?: unknown }; code?: unknown } | undefined;
	const code = b?.error?.code ?? b?.error?.type ?? b?.code;
	return typeof code === 'string' ? code : '';
}

/** A create that failed this way certainly created nothing: it is safe to send again. */
export function createNotRun(attempt: Attempt): boolean {
	const { status, code } = attempt;
	return (
		status === 429 ||
		(code !== undefined && NOT_SENT_CODES.includes(code)) ||
		(status === 503 && errorCodeOf(attempt.body) === 'idempotency_unavailable')
	);
}

export function decideRetry(kind: RequestKind, attempt: Attempt, rules: RetryRules = {}): Decision {
	const { status, code } = attempt;
	if (status !== undefined && status >= 200 && status < 300) return { action: 'success' };
	if (code !== undefined && TLS_CODE.test(code)) return { action: 'fail', maybeCreated: false };
	// APIMart answers some bad parameters with 500 build_request_failed: nothing was created.
	if (
		status === 500 &&
		/build_request_failed/.test(`${apiMessage(attempt.body) ?? ''} ${errorCodeOf(attempt.body)}`)
	) {
		return { action: 'fail', maybeCreated: false };
	}
	const transient =
		status === 429 ||
		status === 408 ||
		(status !== undefined && status >= 500) ||
		code !== undefined;
	if (kind === 'read')
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

/** The gateway puts its message in error.message, message or msg depending on version. */
export function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const b = body as IDataObject;
	const error = b.error as IDataObject | string | undefined;
	if (typeof error === 'string' && error) return error;
	if (error && typeof error === 'object') {
		const nested = error.message ?? error.msg;
		if (typeof nested === 'string' && nested) return nested;
	}
	for (const key of ['message', 'msg']) {
		if (typeof b[key] === 'string' && b[key]) return b[key] as string;
	}
	return undefined;
}
