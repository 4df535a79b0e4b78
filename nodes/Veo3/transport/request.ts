// One API call to the gateway (the Base URL, with the key): each attempt under its own
// wall-clock deadline, retried by the policy, its answer bounded in size and depth.
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { attemptSignal, executionCancelledError, socketBackstopMs } from './clock';
import type { RequestFailure } from './failures';
import { networkCode } from './failures';
import type { Attempt } from './gatewayAnswers';
import { jsonTooLargeOrDeep } from './gatewayAnswers';
import type { RequestKind, RetryRules } from './retries';
import { withRetries } from './retries';
import type { ApiSession } from './session';
import { CREDENTIAL_TYPE } from './session';

/** An API answer larger than this, or nested deeper, is not one the node reads (it is retried). */
const MAX_ANSWER_BYTES = 1024 * 1024;
const MAX_ANSWER_DEPTH = 32;
/** The shortest time a status check or upload is given, even right before its deadline. */
const MIN_ATTEMPT_MS = 1000;

interface ApiRequest {
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
	/** Epoch ms after which it no longer waits for a free concurrency slot (it is not sent). */
	queueDeadline?: number;
	/** Checked right before each attempt is sent (after waiting for a free slot): throw to stop. */
	beforeSend?: () => void;
	/** Called as soon as the request has failed for good, before the next queued request starts. */
	onGiveUp?: () => void;
}

type ApiResult = { ok: true; body: IDataObject; headers: IDataObject } | RequestFailure;

/**
 * How long one attempt may take, start to last byte: a create gets the full Request Timeout (cut
 * short, it would leave a task we cannot name); other calls also end at the caller's deadline.
 */
function attemptMs(session: ApiSession, request: ApiRequest): number {
	if (request.kind === 'create') return session.requestTimeoutMs;
	const remaining = request.deadline - Date.now();
	return Math.max(MIN_ATTEMPT_MS, Math.min(session.requestTimeoutMs, remaining));
}

function boundedAnswer(body: unknown): Attempt['code'] {
	if (typeof body === 'string')
		return body.length > MAX_ANSWER_BYTES ? 'ERR_ANSWER_TOO_LARGE' : undefined;
	const size = jsonTooLargeOrDeep(body, MAX_ANSWER_BYTES, MAX_ANSWER_DEPTH);
	if (size.tooLarge) return 'ERR_ANSWER_TOO_LARGE';
	return size.tooDeep ? 'ERR_ANSWER_TOO_DEEP' : undefined;
}

/**
 * n8n-core's httpRequestWithAuthentication replaces `abortSignal` with the execution's cancel
 * signal when its context has getExecutionCancelSignal, which would drop the attempt's deadline
 * (a trickling answer would then hold the request for minutes). The attempt's signal already
 * includes the cancel signal, so the context is passed through a view that hides that one method
 * from that `in` check; everything else is the context itself.
 */
function keepAttemptSignal(ctx: IExecuteFunctions): IExecuteFunctions {
	return new Proxy(ctx, {
		has: (target, key) => key !== 'getExecutionCancelSignal' && Reflect.has(target, key),
	});
}

async function sendOnce(session: ApiSession, request: ApiRequest): Promise<Attempt> {
	// Nothing new starts after the execution was stopped (a create that starts would bill).
	if (session.signal?.aborted) throw executionCancelledError(session.node);
	request.beforeSend?.();
	const ms = attemptMs(session, request);
	const { signal, timedOut, done } = attemptSignal(session.signal, ms);
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
		timeout: socketBackstopMs(ms),
		abortSignal: signal,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	try {
		const response = (await session.ctx.helpers.httpRequestWithAuthentication.call(
			keepAttemptSignal(session.ctx),
			CREDENTIAL_TYPE,
			options,
		)) as { statusCode: number; body: unknown; headers: IDataObject };
		const oversized = boundedAnswer(response.body);
		if (oversized) return { code: oversized, status: undefined };
		return { status: response.statusCode, body: response.body, headers: response.headers };
	} catch (error) {
		// n8n aborts requests in flight when the execution is stopped.
		if (session.signal?.aborted) throw executionCancelledError(session.node);
		if (timedOut()) return { code: 'ETIMEDOUT' };
		const status = (error as { response?: { status?: number } }).response?.status;
		// Some n8n versions throw for a 3xx with disableFollowRedirect instead of returning it.
		if (status !== undefined) {
			const response = (error as { response: { headers?: IDataObject; data?: unknown } }).response;
			return { status, headers: response.headers, body: response.data };
		}
		return { code: networkCode(error) ?? 'ERR_UNKNOWN' };
	} finally {
		done();
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
		queueDeadline: request.queueDeadline,
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
