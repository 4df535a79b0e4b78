// Files in and out: an input item's image uploaded as a frame, finished videos streamed into
// n8n's binary store.
import type { IBinaryKeyData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import {
	apiRequest,
	describeNetworkCode,
	download,
	parseHttpUrl,
	requestError,
} from '../transport';

export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Megabytes in n8n's binary metadata ("1.5 MB", "800 kB") or base64 length, when known. */
function knownSize(binary: {
	fileSize?: string;
	bytes?: number;
	id?: string;
	data: string;
}): number | undefined {
	if (typeof binary.bytes === 'number') return binary.bytes;
	const match = /^([\d.]+)\s*(B|kB|KB|MB|GB)$/.exec(binary.fileSize ?? '');
	if (match)
		return Number(match[1]) * { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 }[match[2] as 'B'];
	return binary.id ? undefined : Math.floor((binary.data.length * 3) / 4);
}

/**
 * Checks an input item's binary image before anything is sent, from n8n's metadata only (the
 * file may be on disk): it exists, is an image type the API takes, and is not too large.
 */
export function checkBinaryImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	propertyName: string,
): string {
	const binary = ctx.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw new NodeOperationError(
			ctx.getNode(),
			`${field}: the input item has no binary property "${propertyName}"`,
			{
				itemIndex,
				description: available.length
					? `Binary properties on this item: ${available.join(', ')}.`
					: 'This item has no binary data. Put a node that reads or downloads the image (e.g. HTTP Request) before this one.',
			},
		);
	}
	const mimeType = (binary.mimeType ?? '').toLowerCase().split(';')[0].trim();
	if (!IMAGE_MIME_TYPES.includes(mimeType)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${field}: binary property "${propertyName}" is ${mimeType || 'of unknown type'}; allowed are JPEG, PNG, WebP and GIF`,
			{ itemIndex },
		);
	}
	const bytes = knownSize(binary as never);
	if (bytes !== undefined && bytes > MAX_IMAGE_BYTES)
		throw tooLarge(ctx, itemIndex, field, propertyName, bytes);
	return mimeType;
}

function tooLarge(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	propertyName: string,
	bytes: number,
) {
	return new NodeOperationError(
		ctx.getNode(),
		`${field}: binary property "${propertyName}" is ${(bytes / 1048576).toFixed(1)} MB; the limit is 20 MB`,
		{ itemIndex },
	);
}

function multipartImage(fileName: string, mimeType: string, data: Buffer) {
	const boundary = `----veo3${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = fileName.replace(/["\r\n]/g, '_');
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		body: Buffer.concat([head, data, tail]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

/** Uploads an input item's binary image (POST /v1/uploads/images) and returns the URL to use. */
export async function uploadImage(
	session: ApiSession,
	itemIndex: number,
	field: string,
	propertyName: string,
	deadline: number,
): Promise<string> {
	const { ctx } = session;
	const mimeType = checkBinaryImage(ctx, itemIndex, field, propertyName);
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	if (data.length > MAX_IMAGE_BYTES)
		throw tooLarge(ctx, itemIndex, field, propertyName, data.length);
	const fileName =
		ctx.getInputData()[itemIndex].binary?.[propertyName]?.fileName ??
		`image.${mimeType.split('/')[1]}`;
	const { body, contentType } = multipartImage(fileName, mimeType, data);
	const answer = await apiRequest(session, {
		method: 'POST',
		path: '/v1/uploads/images',
		body,
		headers: { 'Content-Type': contentType },
		itemIndex,
		kind: 'read',
		deadline,
	});
	if (!answer.ok) throw requestError(session, itemIndex, answer);
	const url = answer.body.url ?? (answer.body.data as { url?: unknown } | undefined)?.url;
	if (typeof url !== 'string' || !parseHttpUrl(url)) {
		throw new NodeOperationError(
			session.node,
			`${field}: the image upload answered without a URL`,
			{ itemIndex },
		);
	}
	return url;
}

const PAID_FOR =
	'The video is finished and paid for; its link is in videoUrl until it expires (expiresAt): run Get Task with Download Video on to try again.';

/**
 * Downloads every sample of a finished task as binary data: the first under propertyName,
 * the next ones under propertyName_1, propertyName_2, ... The stream goes straight into n8n's
 * binary store, so with filesystem binary mode memory stays flat however large the video is.
 */
export async function downloadVideos(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	urls: string[],
	propertyName: string,
	deadline: number,
	maxBytes: number,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const [sample, raw] of urls.entries()) {
		const key = sample === 0 ? propertyName : `${propertyName}_${sample}`;
		const fileName = urls.length === 1 ? `${taskId}.mp4` : `${taskId}_${sample + 1}.mp4`;
		// Relative links are relative to the gateway; only http(s) is fetched.
		const url = parseHttpUrl(safeUrl(raw, session.baseUrl));
		if (!url) {
			throw new NodeOperationError(
				session.node,
				`Task ${taskId}: the video link is not an http(s) address`,
				{
					itemIndex,
					description: `Got "${raw.slice(0, 200)}". ${PAID_FOR}`,
				},
			);
		}
		// Set when what arrives is not a video (an HTML "link expired" page, a JSON error) or is
		// larger than the cap: checked from the headers and the first bytes, while streaming.
		let notVideo: string | undefined;
		const result = await download(
			session,
			url.href,
			deadline,
			async ({ stream, contentType, contentLength }) => {
				notVideo = undefined;
				const refuse = (why: string) => {
					notVideo = why;
					stream.destroy?.(new Error(why));
					return new Error(why);
				};
				if (/^(text\/|application\/(json|xml|xhtml))/.test(contentType))
					throw refuse(`a ${contentType} document`);
				if (contentLength !== undefined && contentLength > maxBytes)
					throw refuse(`a file of ${megabytes(contentLength)}`);
				let head = Buffer.alloc(0);
				let bytes = 0;
				const inspect = (chunk: Buffer) => {
					if (notVideo) return;
					bytes += chunk.length;
					if (bytes > maxBytes) refuse(`a file larger than ${megabytes(maxBytes)}`);
					if (head.length < 12) {
						head = Buffer.concat([head, chunk]).subarray(0, 12);
						if (head.length === 12 && !looksLikeVideo(head))
							refuse(`a file that is not a video (it starts with "${printable(head)}")`);
					}
				};
				// Every chunk a readable stream hands out passes through emit('data'), however n8n's
				// store reads it (piped, iterated or collected); watching emit leaves the flow alone.
				const emitter = stream as unknown as {
					emit: (event: string, ...args: unknown[]) => boolean;
				};
				const emit = emitter.emit.bind(stream);
				emitter.emit = (event: string, ...args: unknown[]) => {
					if (event === 'data' && Buffer.isBuffer(args[0])) inspect(args[0]);
					return emit(event, ...args);
				};
				return await session.ctx.helpers.prepareBinaryData(
					stream as unknown as Buffer,
					fileName,
					contentType.startsWith('video/') ? contentType : 'video/mp4',
				);
			},
		);
		if (notVideo) {
			throw new NodeOperationError(
				session.node,
				`Task ${taskId}: the video host sent ${notVideo} instead of a video`,
				{
					itemIndex,
					description: `From ${url.host}. The link may have expired or the gateway may be misconfigured. ${PAID_FOR} The size limit is Advanced Options → Max Video Size (MB).`,
				},
			);
		}
		if (result.ok) {
			binary[key] = result.value;
		} else if ('storeError' in result) {
			// Not the network: n8n could not store the file (size limit, disk, database).
			throw new NodeOperationError(
				session.node,
				`Task ${taskId}: n8n could not store the video: ${result.storeError.message}`,
				{
					itemIndex,
					description: `Check n8n's binary data settings (N8N_DEFAULT_BINARY_DATA_MODE, N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE, free disk). ${PAID_FOR}`,
				},
			);
		} else {
			const { status, code } = result.last;
			const why = status
				? `HTTP ${status}`
				: code === 'ECONNRESET'
					? 'the connection broke off'
					: describeNetworkCode(code ?? '');
			throw new NodeOperationError(
				session.node,
				`Download of the video for task ${taskId} from ${url.host} failed: ${why}`,
				{
					itemIndex,
					description: `${code ? `Network error code ${code}. ` : ''}${PAID_FOR}`,
				},
			);
		}
	}
	return binary;
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const printable = (head: Buffer) => head.toString('latin1').replace(/[^\x20-\x7e]/g, '.');

/** MP4/MOV/3GP (an ftyp box), WebM/Matroska (EBML), or MPEG-TS: what a video host sends. */
function looksLikeVideo(head: Buffer): boolean {
	return (
		head.subarray(4, 8).toString('latin1') === 'ftyp' ||
		head.readUInt32BE(0) === 0x1a45dfa3 ||
		head[0] === 0x47
	);
}

function safeUrl(raw: string, base: string): string {
	try {
		return new URL(raw, `${base}/`).href;
	} catch {
		return raw;
	}
}
