// The home of the words a user sees when something fails: what a failed request means (the
// system error code behind a network failure, networkCode; an HTTP error answer) and what to do,
// the sentences every error shares about a task (GATEWAY_TASK_LIST, fetchLater), and asNodeError,
// how any error becomes n8n's. What one check finds is worded at that check, with these sentences
// (a paid request's in helpers/paidRequest.ts, a field's in helpers/validate.ts).
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Attempt } from './gatewayAnswers';
import { apiMessage, effectiveStatus, errorCodeOf } from './gatewayAnswers';
import { scrub } from './session';
import type { ApiSession } from './session';

/** Where a user finds a task no answer named, or that may exist: no API lists tasks. */
export const GATEWAY_TASK_LIST =
	"the task list or balance on the gateway's website (no API lists tasks)";

/** How a user gets a named task's video after the node gave up waiting for it. */
export const fetchLater = (taskId: string) => `fetch it later with Get Task (task ID ${taskId})`;

/** What a failed request left behind, for the caller's error (a create needs more words). */
export interface RequestFailure {
	ok: false;
	last: Attempt;
	/** A create that failed after it was sent: a task may exist and be billed. */
	maybeCreated: boolean;
	retries: number;
}

// TLS and certificate failures: nothing was sent, and trying again will not help.
export const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|EPROTO/;

/** n8n's own SSRF protection (n8n 2.12 and later) refused the address before connecting. */
export const SSRF_BLOCKED_CODE = 'ERR_N8N_SSRF_BLOCKED';

/** Finds the system error code n8n and axios wrap around a failed request. */
export function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		// SsrfBlockedIpError, SsrfBlockedHostnameError (@n8n/backend-network), also when wrapped.
		const { name, message } = current as { name?: unknown; message?: unknown };
		if (
			(typeof name === 'string' && /^Ssrf\w*Error$/.test(name)) ||
			(typeof message === 'string' &&
				/^The request was blocked because it resolves to a restricted IP|^The request was blocked because the destination hostname is restricted/.test(
					message,
				))
		)
			return SSRF_BLOCKED_CODE;
		// NodeApiError keeps the system code in httpCode; axios errors in code.
		const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
		for (const candidate of [code, httpCode]) {
			if (
				typeof candidate === 'string' &&
				/^(E[A-Z_]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|DEPTH_ZERO_SELF_SIGNED_CERT)$/.test(candidate)
			) {
				return candidate;
			}
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
	if (['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'].includes(code))
		return 'no answer within the request timeout';
	if (['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code))
		return 'the connection was dropped';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (['ENOTFOUND', 'EAI_AGAIN'].includes(code)) return 'the host name was not found';
	if (code === SSRF_BLOCKED_CODE)
		return "n8n's SSRF protection blocked the address (allow it with N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES)";
	if (code === 'ERR_NO_SLOT_BEFORE_DEADLINE')
		return 'no free request slot before the deadline (the other items held every slot of Concurrency)';
	if (code === 'ERR_ANSWER_TOO_LARGE') return 'its answer was larger than 1 MB';
	if (code === 'ERR_ANSWER_TOO_DEEP') return 'its answer was nested too deeply to read';
	if (TLS_CODE.test(code)) return 'its TLS certificate was not accepted';
	return 'a network error';
}

type Advice = { message: string; description: string };

/** What an HTTP status means to the user, and what to do about it. */
const ADVICE: Record<number, Advice> = {
	400: {
		message: 'The gateway rejected the request (400)',
		description: 'Check the fields named in the message.',
	},
	401: {
		message: 'The API key was rejected (401)',
		description:
			'Open the Veo3 API credential and paste the key again from your API key page; check that the Base URL belongs to the same gateway as the key.',
	},
	402: {
		message: 'Insufficient balance (402)',
		description:
			'Top up the account that owns this API key, then run the workflow again. No task was created.',
	},
	403: {
		message: 'Forbidden (403)',
		description: 'This API key may not use this model or endpoint.',
	},
	404: {
		message: 'Not found (404)',
		description: 'Check the task ID and that it was created with the same gateway and key.',
	},
	409: { message: 'The gateway refused a repeated create request (409)', description: '' },
	413: {
		message: 'The image is too large for the gateway (413)',
		description: 'Use a smaller image (the API takes up to about 20 MB; less on some gateways).',
	},
	429: {
		message: 'Rate limited by the gateway (429)',
		description: 'Lower Concurrency in Advanced Options, or run the workflow again later.',
	},
};

function statusAdvice(status: number): Advice {
	if (Object.hasOwn(ADVICE, status)) return ADVICE[status];
	if (status >= 300 && status < 400) {
		return {
			message: `The gateway answered with a redirect (${status})`,
			description:
				'API requests never follow redirects, so the key stays with the Base URL. Check the Base URL in the Veo3 API credential (http vs https, www, a path).',
		};
	}
	if (status >= 500) {
		return {
			message: `The gateway had a problem (${status})`,
			description: 'This is usually temporary; try again in a few minutes.',
		};
	}
	return { message: `Unexpected answer from the gateway (${status})`, description: '' };
}

/** An error answer from the gateway (HTTP status, or a 2xx whose body says it failed). */
export function httpError(
	session: ApiSession,
	itemIndex: number,
	status: number,
	body: unknown,
	extra = '',
) {
	// APIMart answers some bad parameters with 500 build_request_failed: a rejected request.
	const rejected =
		status === 500 && /build_request_failed/.test(`${apiMessage(body) ?? ''} ${errorCodeOf(body)}`);
	const advice = rejected
		? {
				message: 'The gateway rejected the request (500)',
				description: 'Nothing was created. Check the fields named in the message.',
			}
		: statusAdvice(status);
	const detail = apiMessage(body);
	const message = scrub(session.apiKey, detail ? `${advice.message}: ${detail}` : advice.message);
	const description = scrub(session.apiKey, `${advice.description} ${extra}`.trim());
	return new NodeApiError(session.node, { message, httpCode: String(status) } as JsonObject, {
		message,
		description,
		httpCode: String(status),
		itemIndex,
	});
}

function networkError(session: ApiSession, itemIndex: number, code: string, retries: number) {
	const what = code.startsWith('ERR_ANSWER') ? 'Could not read the answer of' : 'Could not reach';
	const message = `${what} the gateway at ${session.baseUrl}: ${describeNetworkCode(code)}`;
	const tls = TLS_CODE.test(code);
	const advice =
		code === SSRF_BLOCKED_CODE
			? `Nothing was sent. ${session.baseUrl} resolves to an address n8n's SSRF protection restricts (N8N_SSRF_PROTECTION_ENABLED): a gateway on your own network needs its host in N8N_SSRF_ALLOWED_HOSTNAMES or its address in N8N_SSRF_ALLOWED_IP_RANGES.`
			: tls
				? `Nothing was sent. The certificate of ${session.baseUrl} was rejected (code ${code}): fix the gateway's certificate or the Base URL.`
				: `Check the Base URL in the Veo3 API credential and your network (code ${code}).`;
	return new NodeApiError(session.node, { message } as JsonObject, {
		message,
		description: advice + (retries ? ` Gave up after ${retries} retries.` : ''),
		itemIndex,
	});
}

/** The default error for a failed API call: HTTP status advice, or a network error. */
export function requestError(session: ApiSession, itemIndex: number, failure: RequestFailure) {
	const { last, retries } = failure;
	const extra = retries ? `(gave up after ${retries} retries)` : '';
	const status = effectiveStatus(last);
	if (status !== undefined) {
		const inBody = status !== last.status ? 'The gateway answered HTTP 200 with this error.' : '';
		const error = httpError(session, itemIndex, status, last.body, `${inBody} ${extra}`.trim());
		if (status >= 300 && status < 400) {
			const location = String(last.headers?.location ?? 'an address it did not give');
			error.message = `${error.message}: it pointed to ${scrub(session.apiKey, location).slice(0, 200)}`;
		}
		return error;
	}
	return networkError(session, itemIndex, last.code ?? 'ERR_UNKNOWN', retries);
}

/** n8n's error types pass through unchanged; anything else is wrapped with the item index. */
export function asNodeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(
		ctx.getNode(),
		error instanceof Error ? error.message : String(error),
		{ itemIndex },
	);
}
