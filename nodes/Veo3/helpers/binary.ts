import type { IBinaryKeyData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { apiRequest, openDownload } from '../transport';
import { isCancellation } from './errors';

export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Checks an input item's binary image before anything is sent; returns its mime type. */
export function checkBinaryImage(
	session: Pick<ApiSession, 'ctx'>,
	itemIndex: number,
	field: string,
	propertyName: string,
): string {
	const { ctx } = session;
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
	// Size is known up front for in-memory binaries; files in n8n's binary store are checked on upload.
	const knownBytes = (binary as { bytes?: number }).bytes ?? (binary.id ? undefined : Math.floor((binary.data.length * 3) / 4));
	if (knownBytes !== undefined && knownBytes > MAX_IMAGE_BYTES) throw tooLarge(ctx, itemIndex, field, propertyName, knownBytes);
	return mimeType;
}

function tooLarge(ctx: ApiSession['ctx'], itemIndex: number, field: string, propertyName: string, bytes: number) {
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
	return { body: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads an input item's binary image (POST /v1/uploads/images) and returns the URL to use. */
export async function uploadBinaryImage(
	session: ApiSession,
	itemIndex: number,
	field: string,
	propertyName: string,
	deadline: number,
): Promise<string> {
	const { ctx } = session;
	const mimeType = checkBinaryImage(session, itemIndex, field, propertyName);
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	if (data.length > MAX_IMAGE_BYTES) throw tooLarge(ctx, itemIndex, field, propertyName, data.length);
	const fileName = ctx.getInputData()[itemIndex].binary?.[propertyName]?.fileName ?? `image.${mimeType.split('/')[1]}`;
	const { body, contentType } = multipartImage(fileName, mimeType, data);
	const answer = await apiRequest(session, {
		method: 'POST',
		path: '/v1/uploads/images',
		body,
		headers: { 'Content-Type': contentType },
		itemIndex,
		policy: 'repeatable',
		deadline,
	});
	const url = answer.url ?? (answer.data as { url?: unknown } | undefined)?.url;
	if (typeof url !== 'string' || !url) {
		throw new NodeOperationError(ctx.getNode(), `${field}: the image upload answered without a URL`, { itemIndex });
	}
	return url;
}

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
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	for (const [sample, url] of urls.entries()) {
		const key = sample === 0 ? propertyName : `${propertyName}_${sample}`;
		const fileName = urls.length === 1 ? `${taskId}.mp4` : `${taskId}_${sample + 1}.mp4`;
		for (let attempt = 1; ; attempt++) {
			const { stream, mimeType } = await openDownload(session, url, itemIndex);
			try {
				binary[key] = await session.ctx.helpers.prepareBinaryData(
					stream as unknown as Buffer,
					fileName,
					mimeType,
				);
				break;
			} catch (error) {
				// The connection broke mid-file: start this file again (a few times).
				if (isCancellation(error) || session.signal?.aborted || attempt >= 3) {
					throw new NodeOperationError(session.ctx.getNode(), `Download of the video for task ${taskId} broke off`, {
						itemIndex,
						description: 'The video is finished and paid for: run Get Task with Download Video on to try again.',
					});
				}
			}
		}
	}
	return binary;
}
