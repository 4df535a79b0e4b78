// An input item's image as a frame: checked from n8n's metadata before anything is sent, then
// uploaded to the gateway, whose URL goes into the create call.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { apiRequest, parseHttpUrl, requestError } from '../transport';

const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

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
		kind: 'free',
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
