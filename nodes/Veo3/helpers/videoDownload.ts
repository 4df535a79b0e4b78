// Finished videos streamed into n8n's binary store, checked on their way in (videoFile.ts).
import type { IBinaryKeyData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession, DownloadOutcome, DownloadStream } from '../transport';
import { describeNetworkCode, download, guardFor, RefusedFile, scrub } from '../transport';
import type { FileKind } from './videoFile';
import { fileProblem, HEAD_BYTES, printableStart } from './videoFile';

const PAID_FOR =
	'The video is finished and paid for; its link is in videoUrl until it expires (expiresAt): run Get Task with Download Video on to try again.';

/**
 * Watches every chunk of a download on its way into n8n's store: the size cap and the video
 * check (videoFile.ts). Every chunk a readable stream hands out passes through emit('data'),
 * however n8n's store reads it (piped, iterated or collected); watching emit leaves the flow alone.
 */
function inspectVideo(file: DownloadStream, maxBytes: number, kind: FileKind) {
	let head = Buffer.alloc(0);
	let bytes = 0;
	let problem: string | undefined;
	const refuse = (why: string) => {
		problem ??= why;
		file.stream.destroy?.(new RefusedFile(why));
	};
	const emitter = file.stream as unknown as {
		emit: (event: string, ...args: unknown[]) => boolean;
	};
	const emit = emitter.emit.bind(file.stream);
	emitter.emit = (event: string, ...args: unknown[]) => {
		if (!problem && event === 'data' && Buffer.isBuffer(args[0])) {
			bytes += args[0].length;
			if (bytes > maxBytes) refuse(`a file larger than ${megabytes(maxBytes)}`);
			if (head.length < HEAD_BYTES) {
				head = Buffer.concat([head, args[0]]).subarray(0, HEAD_BYTES);
				const why = fileProblem(kind, head, bytes, false);
				if (why) refuse(`${why} (it starts with "${printableStart(head)}")`);
			}
		}
		if (!problem && event === 'end') {
			const why = fileProblem(kind, head, bytes, true);
			if (why) problem = head.length ? `${why} (it starts with "${printableStart(head)}")` : why;
		}
		return emit(event, ...args);
	};
	return { problem: () => problem, isGif: () => head.subarray(0, 3).toString('latin1') === 'GIF' };
}

/**
 * Stores one downloaded file, or throws RefusedFile when it is not the video (or GIF) the user
 * paid for. A GIF is stored as image/gif with a .gif name, whatever the host called it.
 */
async function storeVideo(
	session: ApiSession,
	file: DownloadStream,
	fileName: string,
	target: { maxBytes: number; kind: FileKind },
) {
	const { stream, contentType, contentLength } = file;
	const { maxBytes, kind } = target;
	const refuse = (why: string) => {
		stream.destroy?.();
		return new RefusedFile(why);
	};
	const gifAllowed = kind !== 'video' && contentType === 'image/gif';
	if (!gifAllowed && /^(text\/|image\/|application\/(json|xml|xhtml))/.test(contentType))
		throw refuse(`a ${contentType} document`);
	if (contentLength !== undefined && contentLength > maxBytes)
		throw refuse(`a file of ${megabytes(contentLength)}`);
	const check = inspectVideo(file, maxBytes, kind);
	try {
		const stored = await session.ctx.helpers.prepareBinaryData(
			stream as unknown as Buffer,
			fileName,
			contentType.startsWith('video/') ? contentType : 'video/mp4',
		);
		const problem = check.problem();
		if (problem) throw new RefusedFile(problem);
		if (check.isGif()) {
			stored.mimeType = 'image/gif';
			stored.fileExtension = 'gif';
			stored.fileType = 'image';
			stored.fileName = fileName.replace(/\.mp4$/, '.gif');
		}
		return stored;
	} catch (error) {
		const problem = check.problem();
		throw problem ? new RefusedFile(problem) : error;
	}
}

function downloadError(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	outcome: Exclude<DownloadOutcome<unknown>, { ok: true }>,
	kind: FileKind,
) {
	if (outcome.kind === 'refused') {
		const wanted = { video: 'a video', gif: 'a GIF', either: 'a video or GIF' }[kind];
		return new NodeOperationError(
			session.node,
			`Task ${taskId}: the video host sent ${outcome.why} instead of ${wanted}`,
			{
				itemIndex,
				description: `From ${outcome.host}. The link may have expired or the gateway may be misconfigured; a private address is fetched only when it is the Base URL's or listed in the credential's Allowed Private Hosts. ${PAID_FOR} The size limit is Advanced Options → Max Video Size (MB).`,
			},
		);
	}
	if (outcome.kind === 'store') {
		// Not the network: n8n could not store the file (size limit, disk, database).
		return new NodeOperationError(
			session.node,
			`Task ${taskId}: n8n could not store the video: ${outcome.error.message}`,
			{
				itemIndex,
				description: `Check n8n's binary data settings (N8N_DEFAULT_BINARY_DATA_MODE, N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE, free disk). ${PAID_FOR}`,
			},
		);
	}
	const { status, code } = outcome.last;
	const why = status
		? `HTTP ${status}`
		: code === 'ECONNRESET'
			? 'the connection broke off'
			: describeNetworkCode(code ?? '');
	return new NodeOperationError(
		session.node,
		`Download of the video for task ${taskId} from ${outcome.host} failed: ${why}`,
		{ itemIndex, description: `${code ? `Network error code ${code}. ` : ''}${PAID_FOR}` },
	);
}

/**
 * Downloads every sample of a finished task as binary data: the first under propertyName,
 * the next ones under propertyName_1, propertyName_2, ... At most `maxFiles` distinct links (the
 * Sample Count); the stream goes straight into n8n's binary store, so with filesystem binary
 * mode memory stays flat however large the video is.
 */
export async function downloadVideos(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	urls: string[],
	target: { propertyName: string; maxBytes: number; maxFiles: number; kind: FileKind },
	deadline: number,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	const guard = guardFor(session.baseUrl, session.allowedPrivateHosts);
	const links = [...new Set(urls)].slice(0, target.maxFiles);
	const name = scrub(session.apiKey, taskId)
		.replace(/[^\w.-]+/g, '_')
		.slice(0, 100);
	for (const [sample, url] of links.entries()) {
		const key = sample === 0 ? target.propertyName : `${target.propertyName}_${sample}`;
		const fileName = links.length === 1 ? `${name}.mp4` : `${name}_${sample + 1}.mp4`;
		const outcome = await download(
			session,
			url,
			guard,
			deadline,
			async (file) => await storeVideo(session, file, fileName, target),
		);
		if (!outcome.ok) throw downloadError(session, itemIndex, taskId, outcome, target.kind);
		binary[key] = outcome.value;
	}
	return binary;
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
