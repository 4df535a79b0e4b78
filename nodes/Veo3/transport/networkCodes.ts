// System error codes (ECONNRESET, ...) and the node's own codes for answers it does not read.
import { TLS_CODE } from './retryPolicy';

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
