// The words a user sees when a request to the gateway fails: what happened and what to do.
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiMessage, errorCodeOf } from './gatewayAnswers';
import { describeNetworkCode, SSRF_BLOCKED_CODE } from './networkCodes';
import type { RequestFailure } from './request';
import { effectiveStatus, TLS_CODE } from './retryPolicy';
import { scrub } from './session';
import type { ApiSession } from './session';

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
