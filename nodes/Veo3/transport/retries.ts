// Retries. Which failures are retried is one pure decision, decideRetry: the retry policy of
// docs/RELIABILITY.md (test/retryPolicy.test.ts is it as a table). withRetries is the loop every
// request runs in: back-off, Retry-After, the gateway-wide pause after a 429, the wait budget.
import type { IDataObject } from 'n8n-workflow';

import { attemptSignal, cancellableSleep } from './clock';
import { SSRF_BLOCKED_CODE, TLS_CODE } from './failures';
import type { Attempt } from './gatewayAnswers';
import { apiMessage, effectiveStatus, errorCodeOf, taskIdOf } from './gatewayAnswers';
import type { ApiSession } from './session';
import { QueueTimeout } from './session';

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
function createNotRun(attempt: Attempt): boolean {
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

// The loop: how long to wait before the next try, and the gateway's pace.

const RETRY_BACKOFF_BASE_MS = 1000;
const RETRY_BACKOFF_CAP_MS = 30_000;
/** No retry starts sooner than this after the last attempt, whatever Retry-After says. */
export const RETRY_FLOOR_MS = 1000;
/** Retry-After is honoured up to this. */
const RETRY_AFTER_CAP_MS = 60_000;
/**
 * A 429 without Retry-After holds back every request to the gateway: first for this long, twice
 * as long for each further 429 to a request sent after the last pause began (that pause was too
 * short), one step shorter again for each answer that is not a 429; never beyond the cap.
 */
const GATEWAY_PAUSE_MIN_MS = 1000;
const GATEWAY_PAUSE_MAX_MS = 16_000;
const MAX_ATTEMPTS: Record<RequestKind, number> = { free: 8, create: 4 };

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const raw = headers?.['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const seconds = Number(raw);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(raw)) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : undefined;
}

/** Exponential back-off with jitter: 1 s doubling, capped at 30 s. */
function backoffMs(attemptNumber: number): number {
	const ceiling = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** attemptNumber);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** The wait before the next try: Retry-After or back-off, never below the floor. */
function retryDelayMs(attemptNumber: number, headers: IDataObject | undefined): number {
	const asked = retryAfterMs(headers);
	const wait = asked !== undefined ? asked : backoffMs(attemptNumber);
	return Math.max(RETRY_FLOOR_MS, wait);
}

// One n8n process, one gateway: after a 429 the gateway's Retry-After (or the learned pause)
// holds back every request to it from this process (all executions, all items).
interface GatewayPace {
	pausedUntil: number;
	/** When the last pause began. */
	pausedAt: number;
	/** 429s that a pause did not prevent, less the answers since: the pause is MIN × 2^(steps-1). */
	steps: number;
}
const paces = new Map<string, GatewayPace>();

function paceOf(gateway: string): GatewayPace {
	let pace = paces.get(gateway);
	if (!pace) {
		pace = { pausedUntil: 0, pausedAt: -Infinity, steps: 0 };
		paces.set(gateway, pace);
	}
	return pace;
}

/** A 429 for a request sent at `sentAt`: pauses the gateway; returns how long this 429 asks for. */
function pauseGateway(gateway: string, headers: IDataObject | undefined, sentAt: number): number {
	const pace = paceOf(gateway);
	const asked = retryAfterMs(headers);
	if (sentAt >= pace.pausedAt) pace.steps = Math.min(pace.steps + 1, 16);
	const learned = Math.min(GATEWAY_PAUSE_MAX_MS, GATEWAY_PAUSE_MIN_MS * 2 ** (pace.steps - 1));
	const pause = Math.max(RETRY_FLOOR_MS, asked ?? learned);
	const now = Date.now();
	pace.pausedAt = now;
	pace.pausedUntil = Math.max(pace.pausedUntil, now + pause);
	return pause;
}

/** Any answer that is not a 429: the gateway copes, so the next pause is shorter. */
function gatewayCoped(gateway: string) {
	const pace = paces.get(gateway);
	if (pace) pace.steps = Math.max(0, pace.steps - 1);
}

/** The node's code for a request that never got a free slot before its deadline: not sent. */
const QUEUE_TIMEOUT_CODE = 'ERR_NO_SLOT_BEFORE_DEADLINE';

function giveUpQueued(kind: RequestKind, mayHaveCreated: boolean, onGiveUp?: () => void) {
	onGiveUp?.();
	const last: Attempt = { code: QUEUE_TIMEOUT_CODE };
	const decision: Decision = { action: 'fail', maybeCreated: kind === 'create' && mayHaveCreated };
	return { last, decision, wait: 0 };
}

interface RetryLoop {
	kind: RequestKind;
	/** Epoch ms after which no retry starts. */
	deadline: number;
	rules?: RetryRules;
	attempt: () => Promise<Attempt>;
	/** Called as soon as the request has failed for good, before the next queued request starts. */
	onGiveUp?: () => void;
	/** The gateway's address, for requests that share its rate limit (API calls, not downloads). */
	gateway?: string;
	/** Epoch ms after which the request no longer waits for a free slot (it is not sent). */
	queueDeadline?: number;
}

/**
 * Runs `attempt` until decideRetry says stop, sleeping between tries (outside the concurrency
 * limit, so a waiting retry does not block other requests). The decision is taken inside the
 * limit's slot, so `onGiveUp` runs before the next queued request can start.
 */
export async function withRetries(
	session: ApiSession,
	loop: RetryLoop,
): Promise<{ last: Attempt; decision: Decision; retries: number }> {
	const { kind, deadline, rules = {}, attempt, onGiveUp, gateway, queueDeadline } = loop;
	// A create attempt that may have run leaves the whole request ambiguous, whatever later
	// attempts answer (a 429 after a dropped connection does not undo the task it may have made).
	let mayHaveCreated = false;
	for (let n = 0; ; n++) {
		const paused = gateway ? (paces.get(gateway)?.pausedUntil ?? 0) - Date.now() : 0;
		if (paused > 0)
			await cancellableSleep(session.node, Math.min(paused, deadline - Date.now()), session.signal);
		// A loop with a queue deadline (a status check while waiting) stops waiting for a free slot
		// then: a check that could only start past Max Wait is not sent.
		const queued =
			queueDeadline !== undefined
				? attemptSignal(undefined, queueDeadline - Date.now())
				: undefined;
		const { last, decision, wait } = await session
			.limit(async () => {
				const sentAt = Date.now();
				const result = await attempt();
				let verdict = decideRetry(kind, result, rules);
				if (kind === 'create' && verdict.action !== 'success' && !createNotRun(result)) {
					mayHaveCreated ||= verdict.action === 'retry' || verdict.maybeCreated;
				}
				let delay = retryDelayMs(n, result.headers);
				if (gateway && effectiveStatus(result) === 429) {
					// A 429 is retried when the gateway's pause ends, not on the request's own
					// back-off: the pace is learned for the gateway as a whole.
					delay = pauseGateway(gateway, result.headers, sentAt);
				} else if (gateway && result.status !== undefined) gatewayCoped(gateway);
				const outOfTries = n + 1 >= MAX_ATTEMPTS[kind] || Date.now() + delay > deadline;
				if (verdict.action === 'retry' && outOfTries) {
					// Out of tries: a create that may have run is reported as such.
					verdict = { action: 'fail', maybeCreated: kind === 'create' && !createNotRun(result) };
				}
				if (verdict.action === 'fail' && mayHaveCreated)
					verdict = { action: 'fail', maybeCreated: true };
				if (verdict.action === 'fail') onGiveUp?.();
				return { last: result, decision: verdict, wait: delay };
			}, queued?.signal)
			.catch((error: unknown) => {
				if (!(error instanceof QueueTimeout)) throw error;
				return giveUpQueued(kind, mayHaveCreated, onGiveUp);
			})
			.finally(() => queued?.done());
		if (decision.action !== 'retry') return { last, decision, retries: n };
		session.log('debug', `retrying after ${last.status ?? last.code} in ${Math.round(wait)} ms`);
		await cancellableSleep(session.node, wait, session.signal);
	}
}
