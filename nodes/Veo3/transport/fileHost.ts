// Reaching the video host: which hosts a download may reach (the address guard), and the GET
// that follows redirects hop by hop so that the guard checks every address. Plain httpRequest
// on purpose: the file host is not the gateway and must never see the API key.
//
// The video host is named by the gateway's answer, so a hostile or broken gateway could point the
// node at this machine or the network it runs in (loopback, private ranges, link-local, cloud
// metadata). Those are refused, before the request when the URL names them and after the
// connection when a name resolved to them, unless the host is the Base URL's own (a local gateway
// serving its files) or one the user listed in the credential's Allowed Private Hosts.
import type { IDataObject } from 'n8n-workflow';

import { attemptSignal, executionCancelledError, socketBackstopMs } from './clock';
import { networkCode } from './failures';
import type { Attempt } from './gatewayAnswers';
import type { ApiSession } from './session';
import { parseHttpUrl } from './session';

const MAX_REDIRECTS = 5;

export interface AddressGuard {
	/** host:port of the Base URL. */
	baseHost: string;
	/** host or host:port entries, lower case. */
	allowed: string[];
}

/** The port of a URL, explicit or the protocol's default. */
function hostWithPort(url: URL): string {
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	return `${url.hostname.replace(/^\[|\]$/g, '')}:${port}`.toLowerCase();
}

export function guardFor(baseUrl: string, allowed: string[]): AddressGuard {
	return { baseHost: hostWithPort(new URL(baseUrl)), allowed };
}

function v4Private(ip: string): boolean {
	const [a, b] = ip.split('.').map(Number);
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b < 128) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b < 32) ||
		(a === 192 && b === 168) ||
		(a === 192 && b === 0) ||
		(a === 198 && (b === 18 || b === 19)) ||
		a >= 224
	);
}

/** Loopback, private, shared, link-local (metadata), multicast or unspecified addresses. */
function isPrivateAddress(address: string): boolean {
	const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
	// No node:net here (n8n's rules for verified nodes allow node:crypto only): URLs and sockets
	// give addresses in canonical form, which these patterns read.
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return v4Private(ip);
	if (!ip.includes(':') || !/^[0-9a-f:.]+$/.test(ip)) return false;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
	if (mapped) return v4Private(mapped);
	if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(ip)) return true;
	return ip === '::' || ip === '::1' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip) || /^ff/.test(ip);
}

const PRIVATE_NAMES =
	/^(localhost|metadata|metadata\.google\.internal|instance-data)$|\.localhost$/;

function allowedHost(guard: AddressGuard, url: URL): boolean {
	const host = hostWithPort(url);
	const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === guard.baseHost || guard.allowed.includes(host) || guard.allowed.includes(name);
}

/** Why the URL may not be fetched before connecting, or undefined when it may. */
export function refusedTarget(guard: AddressGuard, url: URL): string | undefined {
	if (allowedHost(guard, url)) return undefined;
	const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (isPrivateAddress(name) || PRIVATE_NAMES.test(name)) return `a private address (${url.host})`;
	return undefined;
}

/** Why the connection just made may not be read, or undefined when it may. */
export function refusedConnection(
	guard: AddressGuard,
	url: URL,
	remoteAddress: string | undefined,
): string | undefined {
	if (!remoteAddress || allowedHost(guard, url)) return undefined;
	return isPrivateAddress(remoteAddress)
		? `a host that resolved to a private address (${url.host} → ${remoteAddress})`
		: undefined;
}

/** The file's body as n8n hands it over: a stream, with the socket it arrived on. */
export type FileStream = NodeJS.ReadableStream & {
	destroy?: (error?: Error) => void;
	socket?: { remoteAddress?: string };
};

/** Where following the hops ended. */
export type Reached =
	/** The file's answer (2xx) from an allowed address: its stream is the caller's to read. */
	| {
			kind: 'file';
			file: FileStream;
			headers: IDataObject;
			url: URL;
			/** The signal the stream lives under. */
			hopSignal: AbortSignal;
			/** When its request was sent. */
			hopStart: number;
	  }
	/** The guard refused an address: not retried. */
	| { kind: 'refused'; why: string; host: string }
	/** An HTTP error or a redirect too many (status), or a network failure (code). */
	| { kind: 'failed'; attempt: Attempt };

type Hop =
	| { file: FileStream; status: number; headers: IDataObject; code?: undefined }
	| { file?: undefined; status?: number; headers?: IDataObject; code?: string };

async function fetchHop(session: ApiSession, url: URL, signal: AbortSignal): Promise<Hop> {
	try {
		const response = (await session.ctx.helpers.httpRequest({
			method: 'GET',
			url: url.href,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: socketBackstopMs(session.requestTimeoutMs),
			abortSignal: signal,
		})) as { statusCode: number; body: FileStream; headers: IDataObject };
		return { file: response.body, status: response.statusCode, headers: response.headers ?? {} };
	} catch (error) {
		if (session.signal?.aborted) throw executionCancelledError(session.node);
		// Some n8n versions throw for a 3xx with disableFollowRedirect instead of returning it.
		const response = (error as { response?: { status?: number; headers?: IDataObject } }).response;
		if (response?.status !== undefined)
			return { status: response.status, headers: response.headers };
		return { code: signal.aborted ? 'ETIMEDOUT' : (networkCode(error) ?? 'ERR_UNKNOWN') };
	}
}

/**
 * One hop's GET, whose answer must begin within Request Timeout (the rate watch takes over from
 * there). `hopSignal` is the signal the hop's stream lives under.
 */
async function fetchWithinRequestTimeout(session: ApiSession, url: URL, signal: AbortSignal) {
	const slow = new AbortController();
	const hopSignal = AbortSignal.any([signal, slow.signal]);
	const headersDue = attemptSignal(undefined, session.requestTimeoutMs);
	const onDue = () => slow.abort();
	headersDue.signal.addEventListener('abort', onDue, { once: true });
	try {
		return { hopSignal, answer: await fetchHop(session, url, hopSignal) };
	} finally {
		headersDue.signal.removeEventListener('abort', onDue);
		headersDue.done();
	}
}

/**
 * GETs `start`, following redirects, every address checked by the guard, all under `signal`
 * (the attempt's deadline). The file's stream is left unread for the caller.
 */
export async function followHops(
	session: ApiSession,
	start: URL,
	guard: AddressGuard,
	signal: AbortSignal,
): Promise<Reached> {
	let url = start;
	for (let hop = 0; ; hop++) {
		const refused = refusedTarget(guard, url);
		if (refused) return { kind: 'refused', why: refused, host: url.host };
		const hopStart = Date.now();
		const { hopSignal, answer } = await fetchWithinRequestTimeout(session, url, signal);
		const { file, status, headers } = answer;
		if (status === undefined) return { kind: 'failed', attempt: { code: answer.code } };
		const location = headers?.location;
		if (status >= 300 && status < 400 && location) {
			file?.destroy?.();
			const target = parseHttpUrl(safeUrl(String(location), url.href));
			if (!target || hop >= MAX_REDIRECTS) return { kind: 'failed', attempt: { status, headers } };
			url = target;
			continue;
		}
		if (!file || status < 200 || status >= 300) {
			file?.destroy?.();
			return { kind: 'failed', attempt: { status, headers } };
		}
		const wrongPlace = refusedConnection(guard, url, file.socket?.remoteAddress);
		if (wrongPlace) {
			file.destroy?.();
			return { kind: 'refused', why: wrongPlace, host: url.host };
		}
		return { kind: 'file', file, headers: headers ?? {}, url, hopSignal, hopStart };
	}
}

function safeUrl(raw: string, base: string): string {
	try {
		return new URL(raw, base).href;
	} catch {
		return raw;
	}
}
