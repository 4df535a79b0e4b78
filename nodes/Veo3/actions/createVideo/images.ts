// Create Video's images: Image Input and the fields it shows, a first and last frame or 1 to 3
// reference images, from URLs or from the item's binary properties (checked when the item is
// read, uploaded when the request is sent: bodyWithImages).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkBinaryImage, uploadImage } from '../../helpers/imageUpload';
import {
	invalidField,
	requireBinaryPropertyName,
	requireHttpUrl,
	requireOneOf,
} from '../../helpers/validate';
import type { ApiSession } from '../../transport';
import { placeImages } from './channels';
import type { VersionReader } from './version';

export type FrameSource = { url: string } | { binaryProperty: string; field: string };

export type Frames = {
	inputType: string;
	firstFrame?: FrameSource;
	lastFrame?: FrameSource;
	references?: FrameSource[];
};

const FRAME_FIELDS = {
	first: {
		url: ['firstFrameImage', 'First Frame Image URL'],
		binary: ['firstFrameBinaryProperty', 'First Frame Binary Property'],
	},
	last: {
		url: ['lastFrameImage', 'Last Frame Image URL'],
		binary: ['lastFrameBinaryProperty', 'Last Frame Binary Property'],
	},
} as const;

function readFrame(
	ctx: IExecuteFunctions,
	itemIndex: number,
	inputType: string,
	which: 'first' | 'last',
) {
	if (inputType === 'text') return undefined;
	const [name, field] = inputType === 'url' ? FRAME_FIELDS[which].url : FRAME_FIELDS[which].binary;
	const raw = ctx.getNodeParameter(name, itemIndex, '') as string;
	if (typeof raw === 'string' && !raw.trim()) return undefined;
	if (inputType === 'url') return { url: requireHttpUrl(ctx, itemIndex, field, raw) };
	const binaryProperty = requireBinaryPropertyName(ctx, itemIndex, field, raw);
	checkBinaryImage(ctx, itemIndex, field, binaryProperty);
	return { binaryProperty, field };
}

const REFERENCE_FIELDS = {
	referenceUrl: ['referenceImageUrls', 'Reference Image URLs'],
	referenceBinary: ['referenceBinaryProperties', 'Reference Image Binary Properties'],
} as const;

/** A list field: an expression may give an array; text is split on new lines (URLs) or commas. */
function listOf(raw: unknown, separator: RegExp): unknown[] {
	if (Array.isArray(raw)) return raw;
	if (typeof raw !== 'string') return [raw];
	return raw
		.split(separator)
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/** Reference images (Image Input "Reference Images From ..."): 1 to 3, each checked. */
function readReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	inputType: keyof typeof REFERENCE_FIELDS,
): FrameSource[] {
	const [name, field] = REFERENCE_FIELDS[inputType];
	const raw = ctx.getNodeParameter(name, itemIndex, '');
	const entries = listOf(raw, inputType === 'referenceUrl' ? /\s+/ : /[\s,]+/);
	if (entries.length < 1 || entries.length > 3)
		throw invalidField(ctx, itemIndex, field, 'must name 1 to 3 reference images', raw);
	return entries.map((entry) => {
		if (inputType === 'referenceUrl') return { url: requireHttpUrl(ctx, itemIndex, field, entry) };
		const binaryProperty = requireBinaryPropertyName(ctx, itemIndex, field, entry);
		checkBinaryImage(ctx, itemIndex, field, binaryProperty);
		return { binaryProperty, field };
	});
}

/** Image Input and its frames; an image mode without a first frame, or a last frame alone, is refused. */
export function readFrames(
	ctx: IExecuteFunctions,
	itemIndex: number,
	version: VersionReader,
): Frames {
	const raw = ctx.getNodeParameter('imageInputType', itemIndex, version.imageInputs[0]);
	const inputType = requireOneOf(ctx, itemIndex, 'Image Input', raw, version.imageInputs);
	if (inputType === 'referenceUrl' || inputType === 'referenceBinary')
		return { inputType, references: readReferences(ctx, itemIndex, inputType) };
	const firstFrame = readFrame(ctx, itemIndex, inputType, 'first');
	const lastFrame = readFrame(ctx, itemIndex, inputType, 'last');
	const kind = inputType === 'url' ? 'url' : 'binary';
	if (inputType !== 'text' && version.firstFrameRequired && !firstFrame) {
		throw invalidField(
			ctx,
			itemIndex,
			FRAME_FIELDS.first[kind][1],
			'must be set for Image Input "Image From URL" or "Image From Binary Data" (or choose "None (Text to Video)")',
			'',
		);
	}
	if (lastFrame && !firstFrame) {
		throw invalidField(
			ctx,
			itemIndex,
			FRAME_FIELDS.last[kind][1],
			'needs a first frame image too (the API uses a last frame only together with a first frame)',
			'url' in lastFrame ? lastFrame.url : lastFrame.binaryProperty,
		);
	}
	return { inputType, firstFrame, lastFrame };
}

export const referenceFieldOf = (source: FrameSource) =>
	'url' in source ? REFERENCE_FIELDS.referenceUrl[1] : source.field;

/** What a frame is, for the idempotency key: the URL, or the binary file's identity. */
export function frameIdentity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	frame: FrameSource | undefined,
) {
	if (!frame || 'url' in frame) return frame;
	const binary = ctx.getInputData()[itemIndex].binary?.[frame.binaryProperty];
	return {
		id: binary?.id,
		name: binary?.fileName,
		size: binary?.fileSize,
		data: binary?.id ? undefined : binary?.data.slice(0, 4096),
	};
}

/** What a create sends: its body without images, and where each image comes from. */
interface BodyAndImages {
	itemIndex: number;
	body: IDataObject;
	firstFrame?: FrameSource;
	lastFrame?: FrameSource;
	references?: FrameSource[];
}

/**
 * The create body with its images, for the paid request to send: a binary image is uploaded
 * first. Called by neverBuyTwice only when the request is really sent (a reused task uploads
 * nothing).
 */
export async function bodyWithImages(
	session: ApiSession,
	job: BodyAndImages,
	deadline: number,
): Promise<IDataObject> {
	const imageUrl = async (frame: FrameSource) =>
		'url' in frame
			? frame.url
			: await uploadImage(session, job.itemIndex, frame.field, frame.binaryProperty, deadline);
	const references: string[] = [];
	for (const reference of job.references ?? []) references.push(await imageUrl(reference));
	return placeImages(job.body, {
		firstFrame: job.firstFrame && (await imageUrl(job.firstFrame)),
		lastFrame: job.lastFrame && (await imageUrl(job.lastFrame)),
		references,
	});
}
