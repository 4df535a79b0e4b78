// Every request the node sends goes through this folder: auth, base URL, timeouts, the
// concurrency limit, retries (the decision is in retryPolicy.ts, the words in errors.ts). It
// imports nothing from the rest of the node (imports run node → actions → helpers → transport).
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { networkCode } from './errors';
import type { Attempt, Decision, RequestKind, RetryRules } from './retryPolicy';
import { createNotRun, decideRetry } from './retryPolicy';

export * from './errors';
export * from './retryPolicy';

export const CREDENTIAL_TYPE = 'veo3Api';

// ---------------------------------------------------------------------------------------------
// Time. Every duration the node waits passes through `scaled`, so tests can run the real retry
// and poll code in milliseconds (they set timing.scale); in n8n it is always 1.
export const timing = { scale: 1 };
export const scaled = (ms: number) => ms * timing.scale;

// The execution was stopped (Stop button, timeout): that error crosses every catch on its way
// out and is never an item's error, even with continueOnFail; remembered here to tell it apart.
const cancellations = new WeakSet<Error>();

export function cancelledError(node: INode): NodeOperationError {
	const error = new NodeOperationError(node, 'Execution cancelled');
	cancellations.add(error);
	return error;
}

export function isCancellation(error: unknown): boolean {
	return error instanceof Error && cancellations.has(error);
}

// n8n's sleep takes the cancel signal on newer hosts; on n8n 2.8.x it ignores it and its timer
// outlives a stopped execution, so sleepWithAbort (which clears its timer) is used where the host
// has it. Listening to the signal ourselves as well makes Stop work at once on every host.
const hostSleep = ((n8nWorkflow as { sleepWithAbort?: unknown }).sleepWithAbort ??
	n8nWorkflow.sleep) as (ms: number, abortSignal?: AbortSignal) => Promise<void>;

export async function cancellableSleep(
	node: INode,
	ms: number,
	signal: AbortSignal | undefined,
): Promise<void> {
	if (signal?.aborted) throw cancelledError(node);
	if (ms <= 0) return;
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(cancelledError(node));
		signal?.addEventListener('abort', onAbort, { once: true });
		hostSleep(ms, signal).then(
			() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			},
			() => {
				signal?.removeEventListener('abort', onAbort);
				onAbort();
			},
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Session: what one execution needs to talk to the gateway.

/** Runs at most `max` jobs at a time (p-limit in a few lines; we ship no dependencies). */
export function createLimiter(max: number) {
	let active = 0;
	const queue: Array<() => void> = [];
	const next = () => {
		if (active < max && queue.length) {
			active++;
			queue.shift()!();
		}
	};
	return async <T>(job: () => Promise<T>): Promise<T> =>
		await new Promise<T>((resolve, reject) => {
			queue.push(() => {
				job()
					.then(resolve, reject)
					.finally(() => {
						active--;
						next();
					});
			});
			next();
		});
}

export interface ApiSession {
	ctx: IExecuteFunctions;
	node: INode;
	baseUrl: string;
	/** Kept only to scrub it from any text the gateway echoes back. */
	apiKey: string;
	requestTimeoutMs: number;
	language: string;
	signal: AbortSignal | undefined;
	/** Every HTTP request of the execution (creates, polls, uploads, downloads) runs inside it. */
	limit: ReturnType<typeof createLimiter>;
	/** Whether the gateway replays a create sent again with the same Idempotency-Key. */
	honoursIdempotencyKeys: boolean;
}

/** The URL when `text` is an absolute http(s) URL with a host, else undefined. */
export function parseHttpUrl(text: string): URL | undefined {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname
			? url
			: undefined;
	} catch {
		return undefined;
	}
}

/** Accepts what users type: a trailing slash or a trailing /v1 is dropped; only http(s). */
export function normalizeBaseUrl(node: INode, raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	const url = parseHttpUrl(text);
	if (!url || url.username || url.password || url.search || url.hash) {
		throw new NodeOperationError(
			node,
			'Base URL in the Veo3 API credential must be an http(s) address without user, query or fragment, e.g. https://api.apimart.ai',
			{ description: `Got "${text.replace(/\/\/[^@/]*@/, '//***@').slice(0, 100)}".` },
		);
	}
	return text.replace(/\/+$/, '').replace(/\/v1$/i, '');
}

/** APIMart's own gateway honours Idempotency-Key; a white-label one may not (credential setting). */
export function honoursIdempotency(setting: unknown, baseUrl: string): boolean {
	if (setting === 'yes' || setting === true) return true;
	if (setting === 'no' || setting === false) return false;
	return /(^|\.)apimart\.ai$/i.test(new URL(baseUrl).hostname);
}

export async function openSession(
	ctx: IExecuteFunctions,
	settings: { requestTimeoutSeconds: number; language: string; concurrency: number },
): Promise<ApiSession> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const node = ctx.getNode();
	const baseUrl = normalizeBaseUrl(node, credentials.baseUrl);
	return {
		ctx,
		node,
		baseUrl,
		apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : '',
		requestTimeoutMs: scaled(settings.requestTimeoutSeconds * 1000),
		language: settings.language,
		signal: ctx.getExecutionCancelSignal(),
		limit: createLimiter(settings.concurrency),
		honoursIdempotencyKeys: honoursIdempotency(credentials.idempotency, baseUrl),
	};
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;
const RETRY_AFTER_CAP_MS = 60_000;
const MAX_ATTEMPTS: Record<RequestKind, number> = { read: 8, create: 4 };

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const raw = headers?.['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const seconds = Number(raw);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(raw)) - Date.now();
	return Number.isFinite(ms) ? scaled(Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS)) : undefined;
}

/** Exponential back-off with jitter: 1 s doubling, capped at 30 s. */
export function backoffMs(attemptNumber: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attemptNumber);
	return scaled(ceiling / 2 + Math.random() * (ceiling / 2));
}

// One n8n process, one gateway: after a 429 the gateway's Retry-After holds back every request
// to it from this process (all executions, all items), not only the one that got the 429.
const gatewayPausedUntil = new Map<string, number>();

export interface RetryLoop {
	kind: RequestKind;
	/** Epoch ms after which no retry starts. */
	deadline: number;
	rules?: RetryRules;
	attempt: () => Promise<Attempt>;
	/** Called as soon as the request has failed for good, before the next queued request starts. */
	onGiveUp?: () => void;
	/** The gateway's address, for requests that share its rate limit (API calls, not downloads). */
	gateway?: string;
}

/**
 * Runs `attempt` until decideRetry says stop, sleeping between tries (outside the concurrency
 * limit, so a waiting retry does not block other requests). Returns the last attempt and how
 * many retries it took; the caller turns a failure into the right error. The decision is taken
 * inside the limit's slot, so `onGiveUp` runs before the next queued request can start.
 */
export async function withRetries(
	session: ApiSession,
	loop: RetryLoop,
): Promise<{ last: Attempt; decision: Decision; retries: number }> {
	const { kind, deadline, rules = {}, attempt, onGiveUp, gateway } = loop;
	for (let n = 0; ; n++) {
		const paused = gateway ? (gatewayPausedUntil.get(gateway) ?? 0) - Date.now() : 0;
		if (paused > 0)
			await cancellableSleep(session.node, Math.min(paused, deadline - Date.now()), session.signal);
		const { last, decision, wait } = await session.limit(async () => {
			const result = await attempt();
			let verdict = decideRetry(kind, result, rules);
			const pause = retryAfterMs(result.headers) ?? backoffMs(n);
			if (gateway && result.status === 429) {
				gatewayPausedUntil.set(
					gateway,
					Math.max(gatewayPausedUntil.get(gateway) ?? 0, Date.now() + pause),
				);
			}
			if (
				verdict.action === 'retry' &&
				(n + 1 >= MAX_ATTEMPTS[kind] || Date.now() + pause > deadline)
			) {
				// Out of tries: a create that may have run is reported as such.
				verdict = { action: 'fail', maybeCreated: kind === 'create' && !createNotRun(result) };
			}
			if (verdict.action === 'fail') onGiveUp?.();
			return { last: result, decision: verdict, wait: pause };
		});
		if (decision.action !== 'retry') return { last, decision, retries: n };
		session.ctx.logger.debug(
			`Veo3: retrying after ${last.status ?? last.code} in ${Math.round(wait)} ms`,
		);
		await cancellableSleep(session.node, wait, session.signal);
	}
}

// ---------------------------------------------------------------------------------------------
// Requests.

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
	itemIndex: number;
	kind: RequestKind;
	rules?: RetryRules;
	/** Epoch ms after which no retry starts (the item's wait budget). */
	deadline: number;
	/** Checked right before each attempt is sent (after waiting for a free slot): throw to stop. */
	beforeSend?: () => void;
	/** Called as soon as the request has failed for good, before the next queued request starts. */
	onGiveUp?: () => void;
}

/** What a failed request left behind, for the caller's error (a create needs more words). */
export interface RequestFailure {
	ok: false;
	last: Attempt;
	/** A create that failed after it was sent: a task may exist and be billed. */
	maybeCreated: boolean;
	retries: number;
}

export type ApiResult = { ok: true; body: IDataObject; headers: IDataObject } | RequestFailure;

async function sendOnce(session: ApiSession, request: ApiRequest): Promise<Attempt> {
	// Nothing new starts after the execution was stopped (a create that starts would bill).
	if (session.signal?.aborted) throw cancelledError(session.node);
	request.beforeSend?.();
	const remaining = request.deadline - Date.now();
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${session.baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		headers: request.headers,
		json: !Buffer.isBuffer(request.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Never follow a redirect: on n8n before 2.5 the Authorization header would go with it.
		disableFollowRedirect: true,
		// A hung gateway must not outlive the wait budget; the create call gets the full timeout.
		timeout:
			request.kind === 'create'
				? session.requestTimeoutMs
				: Math.max(scaled(1000), Math.min(session.requestTimeoutMs, remaining)),
		sendCredentialsOnCrossOriginRedirect: false,
	};
	try {
		const response = (await session.ctx.helpers.httpRequestWithAuthentication.call(
			session.ctx,
			CREDENTIAL_TYPE,
			options,
		)) as { statusCode: number; body: unknown; headers: IDataObject };
		return { status: response.statusCode, body: response.body, headers: response.headers };
	} catch (error) {
		// n8n aborts requests in flight when the execution is stopped.
		if (session.signal?.aborted) throw cancelledError(session.node);
		const status = (error as { response?: { status?: number } }).response?.status;
		// Some n8n versions throw for a 3xx with disableFollowRedirect instead of returning it.
		if (status !== undefined) {
			const response = (error as { response: { headers?: IDataObject; data?: unknown } }).response;
			return { status, headers: response.headers, body: response.data };
		}
		return { code: networkCode(error) ?? 'ERR_UNKNOWN' };
	}
}

/**
 * One API call with the retry policy: the 2xx answer, or what the failure left behind (the
 * caller words the error). Throws only when the execution was cancelled.
 */
export async function apiRequest(session: ApiSession, request: ApiRequest): Promise<ApiResult> {
	const { last, decision, retries } = await withRetries(session, {
		kind: request.kind,
		deadline: request.deadline,
		rules: request.rules,
		attempt: async () => await sendOnce(session, request),
		onGiveUp: request.onGiveUp,
		gateway: session.baseUrl,
	});
	if (decision.action === 'success') {
		const body = (
			typeof last.body === 'object' && last.body ? last.body : { raw: last.body }
		) as IDataObject;
		return { ok: true, body, headers: last.headers ?? {} };
	}
	return {
		ok: false,
		last,
		maybeCreated: decision.action === 'fail' && decision.maybeCreated,
		retries,
	};
}

export interface DownloadStream {
	stream: NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
	contentType: string;
	contentLength?: number;
}

export type DownloadResult<T> =
	| { ok: true; value: T }
	| RequestFailure
	| { ok: false; storeError: Error };

/**
 * GETs a file from the video host as a stream. Plain httpRequest on purpose: the file host is
 * not the gateway and must never see the API key. `consume` stores the stream; a failure while
 * streaming (dropped connection) is retried from the start, any other failure (n8n could not
 * store the file) is returned as storeError and not retried.
 */
export async function download<T>(
	session: ApiSession,
	url: string,
	deadline: number,
	consume: (file: DownloadStream) => Promise<T>,
): Promise<DownloadResult<T>> {
	let value: T | undefined;
	let storeError: Error | undefined;
	const attempt = async (): Promise<Attempt> => {
		if (session.signal?.aborted) throw cancelledError(session.node);
		let response: { statusCode: number; body: DownloadStream['stream']; headers: IDataObject };
		try {
			response = (await session.ctx.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: session.requestTimeoutMs,
				abortSignal: session.signal,
			})) as typeof response;
		} catch (error) {
			if (session.signal?.aborted) throw cancelledError(session.node);
			return { code: networkCode(error) ?? 'ERR_UNKNOWN' };
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			response.body.destroy?.();
			return { status: response.statusCode, headers: response.headers };
		}
		try {
			const length = Number(response.headers['content-length']);
			value = await consume({
				stream: response.body,
				contentType: String(response.headers['content-type'] ?? '')
					.split(';')[0]
					.trim()
					.toLowerCase(),
				contentLength: Number.isFinite(length) ? length : undefined,
			});
			return { status: response.statusCode };
		} catch (error) {
			if (session.signal?.aborted) throw cancelledError(session.node);
			const code =
				networkCode(error) ?? ((error as Error)?.message === 'aborted' ? 'ECONNRESET' : undefined);
			// Only a broken stream is worth another try; a size limit or storage error is not.
			if (code) return { code };
			storeError = error instanceof Error ? error : new Error(String(error));
			return { status: 0 };
		}
	};
	const { last, decision, retries } = await withRetries(session, {
		kind: 'read',
		deadline,
		attempt,
	});
	if (storeError) return { ok: false, storeError };
	if (decision.action === 'success') return { ok: true, value: value as T };
	return { ok: false, last, maybeCreated: false, retries };
}
