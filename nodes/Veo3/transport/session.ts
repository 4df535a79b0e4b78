// What one execution needs to talk to the gateway: the credential read once, the concurrency
// limit (createLimiter), the cancel signal, and a log that never writes the API key. The key
// must not leave the node: every text and JSON value that could reach an output, an error, the
// execution's custom data or a log line passes through scrub or scrubDeep.
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/** A job that gave up waiting for a free slot: it never started. */
export class QueueTimeout extends Error {}

/**
 * Runs at most `max` jobs at a time (p-limit in a few lines; we ship no dependencies). A job
 * whose `giveUp` signal aborts while it waits for a slot leaves the queue without starting, so a
 * request that could only start past its deadline is never sent.
 */
function createLimiter(max: number) {
	let active = 0;
	const queue: Array<() => void> = [];
	const next = () => {
		if (active < max && queue.length) {
			active++;
			queue.shift()!();
		}
	};
	return async <T>(job: () => Promise<T>, giveUp?: AbortSignal): Promise<T> =>
		await new Promise<T>((resolve, reject) => {
			const start = () => {
				giveUp?.removeEventListener('abort', leave);
				job()
					.then(resolve, reject)
					.finally(() => {
						active--;
						next();
					});
			};
			const leave = () => {
				const waiting = queue.indexOf(start);
				if (waiting < 0) return;
				queue.splice(waiting, 1);
				reject(new QueueTimeout('no free request slot before the deadline'));
			};
			if (giveUp?.aborted)
				return reject(new QueueTimeout('no free request slot before the deadline'));
			giveUp?.addEventListener('abort', leave, { once: true });
			queue.push(start);
			next();
		});
}

type Limiter = ReturnType<typeof createLimiter>;

/** Removes the API key from a text. */
export function scrub(apiKey: string, text: string): string {
	return apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

/**
 * Removes the API key from every string (and key) inside a JSON value, without recursion: a
 * gateway's answer may be nested deeper than the call stack.
 */
export function scrubDeep<T>(apiKey: string, value: T): T {
	if (apiKey.length < 4) return value;
	const clean = (v: unknown) => (typeof v === 'string' ? scrub(apiKey, v) : v);
	if (!value || typeof value !== 'object') return clean(value) as T;
	const root: unknown = Array.isArray(value) ? [] : {};
	const stack: Array<[from: object, to: Record<string, unknown>]> = [
		[value as object, root as Record<string, unknown>],
	];
	while (stack.length) {
		const [from, to] = stack.pop()!;
		for (const [key, entry] of Object.entries(from)) {
			let copy: unknown = clean(entry);
			if (entry && typeof entry === 'object') {
				copy = Array.isArray(entry) ? [] : {};
				stack.push([entry, copy as Record<string, unknown>]);
			}
			to[Array.isArray(from) ? key : scrub(apiKey, key)] = copy;
		}
	}
	return root as T;
}
