// What one execution needs to talk to the gateway: the credential read once, the concurrency
// limit, the cancel signal, and a log that never writes the API key.
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Limiter } from './limiter';
import { createLimiter } from './limiter';
import { scrub } from './scrub';

export const CREDENTIAL_TYPE = 'veo3Api';

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
	limit: Limiter;
	/** Whether the gateway replays a create sent again with the same Idempotency-Key. */
	honoursIdempotencyKeys: boolean;
	/** Private hosts (host or host:port) the user allows downloads from, besides the Base URL. */
	allowedPrivateHosts: string[];
	/** n8n's log, with the API key scrubbed from every line. */
	log: (level: 'debug' | 'info' | 'warn', text: string) => void;
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

/** "files.internal, 10.0.0.5:8080" → ['files.internal', '10.0.0.5:8080'] (lower case). */
export function parseHostList(raw: unknown): string[] {
	if (typeof raw !== 'string') return [];
	return raw
		.split(/[\s,]+/)
		.map((entry) =>
			entry
				.trim()
				.toLowerCase()
				.replace(/^\[|\](?=:\d+$|$)/g, ''),
		)
		.filter(Boolean);
}

export async function openSession(
	ctx: IExecuteFunctions,
	settings: { requestTimeoutSeconds: number; language: string; concurrency: number },
): Promise<ApiSession> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const node = ctx.getNode();
	const baseUrl = normalizeBaseUrl(node, credentials.baseUrl);
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
	return {
		ctx,
		node,
		baseUrl,
		apiKey,
		requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
		language: settings.language,
		signal: ctx.getExecutionCancelSignal(),
		limit: createLimiter(settings.concurrency),
		honoursIdempotencyKeys: honoursIdempotency(credentials.idempotency, baseUrl),
		allowedPrivateHosts: parseHostList(credentials.allowedPrivateHosts),
		log: (level, text) => ctx.logger[level](scrub(apiKey, `Veo3: ${text}`)),
	};
}
