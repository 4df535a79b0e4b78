import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { cancelledError } from '../helpers/errors';
import { parseHttpUrl } from '../helpers/validate';
import { sleepUnlessCancelled } from '../helpers/sleep';

export const CREDENTIAL_TYPE = 'veo3Api';

/** What one execution needs to talk to the gateway. */
export interface ApiSession {
	ctx: IExecuteFunctions;
	baseUrl: string;
	/** Kept only to scrub it from any text the gateway echoes back; never sent by us. */
	apiKey: string;
	requestTimeoutMs: number;
	language: string;
	signal: AbortSignal | undefined;
}

/**
 * Status polls, uploads and downloads are safe to repeat. A create call bills on success, so it
 * is repeated only when the gateway certainly did not create a task.
 */
export type RetryPolicy = 'repeatable' | 'create';

export interface RequestOptions {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
	itemIndex: number;
	policy: RetryPolicy;
	/** Epoch ms after which no retry starts (the item's wait budget). */
	deadline: number;
	resubmitOnAmbiguousFailure?: boolean;
}

const MAX_ATTEMPTS = { repeatable: 8, create: 4 };
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;
const RETRY_AFTER_CAP_MS = 60_000;
// Connection failures that happen before a byte of the request leaves this machine.
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];

/** Accepts what users type: a trailing slash or a trailing /v1 is dropped; only http(s). */
export function normalizeBaseUrl(ctx: IExecuteFunctions, raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!parseHttpUrl(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Base URL in the Veo3 API credential must be an http(s) address, e.g. https://api.apimart.ai',
			{ description: `Got "${text.slice(0, 100)}".` },
		);
	}
	return text.replace(/\/+$/, '').replace(/\/v1$/i, '');
}

export async function openSession(
	ctx: IExecuteFunctions,
	requestTimeoutSeconds: number,
	language: string,
): Promise<ApiSession> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	return {
		ctx,
		baseUrl: normalizeBaseUrl(ctx, credentials.baseUrl),
		apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : '',
		requestTimeoutMs: requestTimeoutSeconds * 1000,
		language,
		signal: ctx.getExecutionCancelSignal(),
	};
}

/** Removes the API key from any text that could reach an output, an error or a log. */
export function scrub(session: ApiSession, text: string): string {
	const key = session.apiKey;
	return key.length >= 4 ? text.split(key).join('***') : text;
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

function statusAdvice(status: number): { message: string; description: string } {
	switch (status) {
		case 400:
			return { message: 'The gateway rejected the request (400)', description: 'Check the fields named in the message.' };
		case 401:
			return {
				message: 'The API key was rejected (401)',
				description: 'Open the Veo3 API credential and paste the key again from your API key page; check that the Base URL belongs to the same gateway as the key.',
			};
		case 402:
			return {
				message: 'Insufficient balance (402)',
				description: 'Top up the account that owns this API key, then run the workflow again. No task was created.',
			};
		case 403:
			return { message: 'Forbidden (403)', description: 'This API key may not use this model or endpoint.' };
		case 404:
			return { message: 'Not found (404)', description: 'Check the task ID and that it was created with the same gateway and key.' };
		case 429:
			return {
				message: 'Rate limited by the gateway (429)',
				description: 'Lower Concurrency in Advanced Options, or run the workflow again later.',
			};
		default:
			return status >= 500
				? { message: `The gateway had a problem (${status})`, description: 'This is usually temporary; try again in a few minutes.' }
				: { message: `Unexpected answer from the gateway (${status})`, description: '' };
	}
}

function httpError(session: ApiSession, itemIndex: number, status: number, body: unknown, retries: number) {
	const advice = statusAdvice(status);
	const detail = apiMessage(body);
	const message = scrub(session, detail ? `${advice.message}: ${detail}` : advice.message);
	const description = scrub(
		session,
		advice.description + (retries ? ` (gave up after ${retries} retries)` : ''),
	);
	return new NodeApiError(
		session.ctx.getNode(),
		{ message, httpCode: String(status) } as JsonObject,
		{ message, description, httpCode: String(status), itemIndex },
	);
}

/** Finds the system error code (ECONNRESET, ...) n8n and axios wrap around a failed request. */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		// NodeApiError keeps the system code in httpCode; axios errors in code.
		const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
		for (const candidate of [code, httpCode]) {
			if (typeof candidate === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+)$/.test(candidate)) return candidate;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Words for a system error code. n8n rewrites any error message that contains a raw code such
 * as ECONNRESET into a generic sentence, so codes only go into descriptions.
 */
export function describeNetworkCode(code: string): string {
	if (['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'].includes(code)) return 'no answer within the request timeout';
	if (['ECONNRESET', 'EPIPE'].includes(code)) return 'the connection was dropped';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (['ENOTFOUND', 'EAI_AGAIN'].includes(code)) return 'the host name was not found';
	return 'a network error';
}

function networkError(session: ApiSession, itemIndex: number, code: string, retries: number) {
	const message = `Could not reach the gateway at ${session.baseUrl}: ${describeNetworkCode(code)}`;
	return new NodeApiError(session.ctx.getNode(), { message } as JsonObject, {
		message,
		description:
			`Check the Base URL in the Veo3 API credential and your network (code ${code}).` +
			(retries ? ` Gave up after ${retries} retries.` : ''),
		itemIndex,
	});
}

function ambiguousCreateError(session: ApiSession, itemIndex: number, status: number | undefined, code: string | undefined) {
	const what = status ? `HTTP ${status}` : describeNetworkCode(code ?? '');
	return new NodeOperationError(
		session.ctx.getNode(),
		`The create request failed after it was sent (${what}); a task may have been created and billed`,
		{
			itemIndex,
			description:
				(code ? `Network error code ${code}. ` : '') +
				'To avoid paying twice, the node did not send it again. Check your task list or balance on the gateway; if no task was created, run the item again. ' +
				'To resend automatically in this case, turn on "Resubmit After Ambiguous Failure" in Advanced Options.',
		},
	);
}

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const raw = headers?.['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const seconds = Number(raw);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(raw)) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : undefined;
}

function backoffMs(attempt: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

interface Attempt {
	status?: number;
	body?: unknown;
	headers?: IDataObject;
	code?: string;
}

async function sendOnce(session: ApiSession, options: RequestOptions): Promise<Attempt> {
	const remaining = options.deadline - Date.now();
	const request: IHttpRequestOptions = {
		method: options.method,
		url: `${session.baseUrl}${options.path}`,
		qs: options.qs,
		body: options.body,
		headers: options.headers,
		json: !Buffer.isBuffer(options.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A hung gateway must not outlive the wait budget; the create call gets the full timeout.
		timeout:
			options.policy === 'create'
				? session.requestTimeoutMs
				: Math.max(1000, Math.min(session.requestTimeoutMs, remaining)),
		// The key goes to the configured gateway only, never to a host it redirects to.
		sendCredentialsOnCrossOriginRedirect: false,
	};
	try {
		const response = (await session.ctx.helpers.httpRequestWithAuthentication.call(
			session.ctx,
			CREDENTIAL_TYPE,
			request,
		)) as { statusCode: number; body: unknown; headers: IDataObject };
		return { status: response.statusCode, body: response.body, headers: response.headers };
	} catch (error) {
		if (session.signal?.aborted) throw cancelledError(session.ctx.getNode(), []);
		return { code: networkCode(error) ?? 'ERR_UNKNOWN' };
	}
}

/** One API call, with the retry policy the README's "Reliability" section documents. */
export async function apiRequest(session: ApiSession, options: RequestOptions): Promise<IDataObject> {
	const { policy, itemIndex } = options;
	for (let attempt = 0; ; attempt++) {
		const result = await sendOnce(session, options);
		const { status, code } = result;
		if (status !== undefined && status >= 200 && status < 300) {
			return (typeof result.body === 'object' && result.body ? result.body : {}) as IDataObject;
		}

		const transient =
			status === 429 || status === 408 || (status !== undefined && status >= 500) || code !== undefined;
		// For a create call only these certainly created nothing: the gateway refused it up front,
		// or the connection never opened.
		const certainlyNotCreated = status === 429 || (code !== undefined && NOT_SENT_CODES.includes(code));
		const mayRetry =
			policy === 'repeatable'
				? transient
				: certainlyNotCreated || (transient && options.resubmitOnAmbiguousFailure === true);

		const wait = retryAfterMs(result.headers) ?? backoffMs(attempt);
		const outOfBudget = attempt + 1 >= MAX_ATTEMPTS[policy] || Date.now() + wait > options.deadline;
		if (!mayRetry || outOfBudget) {
			if (policy === 'create' && transient && !certainlyNotCreated) {
				throw ambiguousCreateError(session, itemIndex, status, code);
			}
			if (status !== undefined) throw httpError(session, itemIndex, status, result.body, attempt);
			throw networkError(session, itemIndex, code ?? 'ERR_UNKNOWN', attempt);
		}
		session.ctx.logger.debug(
			`Veo3: retrying ${options.method} ${options.path} after ${status ?? code} in ${Math.round(wait)} ms`,
		);
		await sleepUnlessCancelled(session.ctx.getNode(), wait, session.signal);
	}
}

export interface Download {
	stream: NodeJS.ReadableStream;
	mimeType: string;
}

/**
 * GETs a finished video from its CDN as a stream. Plain httpRequest on purpose: the file host is
 * not the gateway and must never see the API key.
 */
export async function openDownload(
	session: ApiSession,
	url: string,
	itemIndex: number,
): Promise<Download> {
	const deadline = Date.now() + 5 * session.requestTimeoutMs;
	for (let attempt = 0; ; attempt++) {
		let status: number | undefined;
		let code: string | undefined;
		let headers: IDataObject | undefined;
		try {
			const response = (await session.ctx.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: session.requestTimeoutMs,
				abortSignal: session.signal,
			})) as { statusCode: number; body: NodeJS.ReadableStream & { destroy?: () => void }; headers: IDataObject };
			status = response.statusCode;
			headers = response.headers;
			if (status >= 200 && status < 300) {
				const type = String(headers['content-type'] ?? '').split(';')[0].trim();
				return {
					stream: response.body,
					mimeType: type.startsWith('video/') ? type : 'video/mp4',
				};
			}
			response.body.destroy?.();
		} catch (error) {
			if (session.signal?.aborted) throw cancelledError(session.ctx.getNode(), []);
			code = networkCode(error) ?? 'ERR_UNKNOWN';
		}
		const transient = code !== undefined || status === 429 || status === 408 || (status ?? 0) >= 500;
		const wait = retryAfterMs(headers) ?? backoffMs(attempt);
		if (!transient || attempt + 1 >= MAX_ATTEMPTS.repeatable || Date.now() + wait > deadline) {
			const host = new URL(url).host;
			throw new NodeOperationError(
				session.ctx.getNode(),
				`Could not download the video from ${host}: ${status ? `HTTP ${status}` : describeNetworkCode(code ?? '')}`,
				{
					itemIndex,
					description:
						(code ? `Network error code ${code}. ` : '') +
						'The video is finished and paid for; its link is in videoUrl. Links expire after about 24 hours: run Get Task with Download Video on to try again.',
				},
			);
		}
		await sleepUnlessCancelled(session.ctx.getNode(), wait, session.signal);
	}
}
