// One file from the video host, streamed into its consumer (which stores it): every attempt ends
// at the download's deadline, the stream is watched for stalls while it arrives, and a broken
// stream is tried again from the start. Reaching the file (the address guard, the redirects hop
// by hop) is fileHost.ts's.
import { attemptSignal, cancellableSleep, executionCancelledError } from './clock';
import { networkCode } from './failures';
import type { AddressGuard, FileStream, Reached } from './fileHost';
import { followHops } from './fileHost';
import type { Attempt } from './gatewayAnswers';
import { withRetries } from './retries';
import type { ApiSession } from './session';

export interface DownloadStream {
	stream: NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
	contentType: string;
	contentLength?: number;
}

/** Thrown by a download's consumer to refuse what arrives (not a video, too large). */
export class RefusedFile extends Error {}

export type DownloadOutcome<T> =
	| { ok: true; value: T; host: string }
	/** The guard or the consumer refused it: not retried. */
	| { ok: false; kind: 'refused'; why: string; host: string }
	/** n8n could not store the file (size limit, disk, database): not retried. */
	| { ok: false; kind: 'store'; error: Error; host: string }
	/** HTTP or network failure after the retries. */
	| { ok: false; kind: 'failed'; last: Attempt; retries: number; host: string };

/**
 * A download slower than this is a stall: fewer bytes than this in any window of Request
 * Timeout. A slow but real file (a 2 GB video at 1 MB/s) passes; a host that trickles a byte a
 * second is cut within one Request Timeout, not at the download budget.
 */
const MIN_BYTES_PER_WINDOW = 64 * 1024;
/** How often within a window the rate is checked (the cut comes at most window/8 late). */
const CHECKS_PER_WINDOW = 8;

/**
 * Ends the stream when fewer than MIN_BYTES_PER_WINDOW arrived in the last `windowMs` (from
 * one window after the request began, `started`), or when the attempt's signal aborts.
 */
function watchStream(
	session: ApiSession,
	file: FileStream,
	signal: AbortSignal,
	windowMs: number,
	started: number,
) {
	// Arrivals within the last window: [time, bytes].
	const recent: Array<[number, number]> = [];
	let inWindow = 0;
	let stopped: string | undefined;
	let done = false;
	const stop = (code: string) => {
		stopped ??= code;
		file.destroy?.(new Error(code));
	};
	const forget = (now: number) => {
		while (recent.length && recent[0][0] <= now - windowMs) inWindow -= recent.shift()![1];
	};
	// Seen through emit, not a 'data' listener: a listener would start the flow before n8n's
	// store reads the stream, and the bytes would be lost.
	const emitter = file as unknown as { emit: (event: string, ...args: unknown[]) => boolean };
	const emit = emitter.emit.bind(file);
	emitter.emit = (event: string, ...args: unknown[]) => {
		if (event === 'data') {
			const bytes = (args[0] as { length?: number } | undefined)?.length ?? 0;
			recent.push([Date.now(), bytes]);
			inWindow += bytes;
		}
		return emit(event, ...args);
	};
	// The watch ends with the stream: its sleep is cut short then, no timer outlives the file.
	const closed = new AbortController();
	file.on('close', () => {
		done = true;
		closed.abort();
	});
	signal.addEventListener('abort', () => stop('ETIMEDOUT'), { once: true });
	const watching = AbortSignal.any([signal, closed.signal]);
	void (async () => {
		// The first check one full window after the request began, then every window/8.
		let wait = started + windowMs - Date.now();
		while (!done && !watching.aborted) {
			await cancellableSleep(session.node, wait, watching).catch(() => undefined);
			wait = windowMs / CHECKS_PER_WINDOW;
			const now = Date.now();
			forget(now);
			if (!done && now - started >= windowMs && inWindow < MIN_BYTES_PER_WINDOW) stop('ETIMEDOUT');
		}
	})();
	return { stoppedBy: () => stopped };
}

type Consume<T> = (file: DownloadStream) => Promise<T>;

/** Hands the stream to `consume`; a broken stream is a network code (retried), the rest settles. */
async function storeFile<T>(
	session: ApiSession,
	reached: Extract<Reached, { kind: 'file' }>,
	consume: Consume<T>,
): Promise<Attempt> {
	const { file, headers, url, hopSignal, hopStart } = reached;
	const watch = watchStream(session, file, hopSignal, session.requestTimeoutMs, hopStart);
	try {
		const length = Number(headers['content-length']);
		const value = await consume({
			stream: file,
			contentType: String(headers['content-type'] ?? '')
				.split(';')[0]
				.trim()
				.toLowerCase(),
			contentLength: Number.isFinite(length) ? length : undefined,
		});
		return settled({ ok: true, value, host: url.host });
	} catch (error) {
		if (session.signal?.aborted) throw executionCancelledError(session.node);
		if (error instanceof RefusedFile)
			return settled({ ok: false, kind: 'refused', why: error.message, host: url.host });
		const code =
			watch.stoppedBy() ??
			networkCode(error) ??
			((error as Error)?.message === 'aborted' ? 'ECONNRESET' : undefined);
		// Only a broken stream is worth another try; a storage error is not.
		if (code) return { code };
		const storeError = error instanceof Error ? error : new Error(String(error));
		return settled({ ok: false, kind: 'store', error: storeError, host: url.host });
	}
}

/** One attempt: every hop checked by the guard, all of it under one deadline. */
async function attemptDownload<T>(
	session: ApiSession,
	href: string,
	guard: AddressGuard,
	deadline: number,
	consume: Consume<T>,
): Promise<Attempt> {
	if (session.signal?.aborted) throw executionCancelledError(session.node);
	const { signal, done } = attemptSignal(session.signal, deadline - Date.now());
	try {
		const reached = await followHops(session, new URL(href), guard, signal);
		if (reached.kind === 'failed') return reached.attempt;
		if (reached.kind === 'refused')
			return settled({ ok: false, kind: 'refused', why: reached.why, host: reached.host });
		return await storeFile(session, reached, consume);
	} finally {
		done();
	}
}

/**
 * GETs `href` and hands the stream to `consume` (which stores it). A failure while streaming
 * (dropped connection, stall) is retried from the start; a refusal or a storage error is not.
 */
export async function download<T>(
	session: ApiSession,
	href: string,
	guard: AddressGuard,
	deadline: number,
	consume: Consume<T>,
): Promise<DownloadOutcome<T>> {
	const attempt = async () => await attemptDownload(session, href, guard, deadline, consume);
	const { last, retries } = await withRetries(session, { kind: 'free', deadline, attempt });
	if (last.settled) return last.settled as DownloadOutcome<T>;
	return { ok: false, kind: 'failed', last, retries, host: new URL(href).host };
}

/** An attempt that ended the download one way or another: not retried. */
function settled(outcome: DownloadOutcome<unknown>): Attempt {
	return { status: 200, settled: outcome };
}
