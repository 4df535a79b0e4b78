// The gateways serve Veo 3.1 through two channels on the same POST /v1/videos/generations, with
// different bodies (docs/API.md): the official one (`-official` models, and any model the node
// does not know) and the veo3.1 channel (`veo3.1-fast`, `veo3.1-quality`, `veo3.1-lite`). The
// reader builds the official body; this module refuses, before anything is sent, what the chosen
// model's channel does not take, and turns the body into the channel's own spelling.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidField } from '../../helpers/validate';

/** The veo3.1 channel's models (`veo3.1` is the older pages' name of its first one). */
const CHANNEL_MODELS = ['veo3.1-fast', 'veo3.1-quality', 'veo3.1-lite', 'veo3.1'];
/** Reference images: every channel model but Quality. */
const REFERENCE_MODELS = ['veo3.1-fast', 'veo3.1-lite', 'veo3.1'];
type Channel = 'official' | 'veo3.1';

export const channelOf = (model: string): Channel =>
	CHANNEL_MODELS.includes(model) ? 'veo3.1' : 'official';

/**
 * The panel shows a field only for the models that take it: a regular expression on the Model
 * field's value (n8n's `_cnd`, also in n8n 1.x). A model given by an expression shows every field:
 * its value is known only when the node runs, and the reader refuses what the model cannot take.
 */
const CHANNEL_PATTERN = `^(${CHANNEL_MODELS.map((m) => m.replace(/\./g, '\\.')).join('|')})$`;
export const SHOW_FOR_CHANNEL = { '/modelId': [{ _cnd: { regex: `${CHANNEL_PATTERN}|^=` } }] };
export const SHOW_FOR_OFFICIAL = { '/modelId': [{ _cnd: { regex: `^(?!${CHANNEL_PATTERN})` } }] };

/** The official body's fields that the veo3.1 channel does not take, by the panel's name. */
const OFFICIAL_ONLY: Record<string, string> = {
	negative_prompt: 'Negative Prompt',
	seed: 'Seed',
	sample_count: 'Sample Count',
	generate_audio: 'Generate Audio',
	person_generation: 'Person Generation',
	resize_mode: 'Resize Mode',
	enhance_prompt: 'Enhance Prompt',
};
/** And the channel's own, which the official models do not take. */
const CHANNEL_ONLY: Record<string, string> = {
	enable_gif: 'Output GIF',
	official_fallback: 'Official Fallback',
};

const OFFICIAL_MODELS_TEXT = 'an -official model (e.g. veo3.1-fast-official)';
const CHANNEL_MODELS_TEXT = 'veo3.1-fast, veo3.1-quality or veo3.1-lite';

/** What the item's images are: frames (first, and maybe last) or reference images. */
export interface ImageCount {
	frames: number;
	references: number;
	/** The field that holds the references, for messages. */
	referenceField?: string;
}

/**
 * Refuses what the model's channel does not take (naming the field, the model and what to do)
 * and returns the body in the channel's spelling; images are placed later (placeImages).
 */
export function bodyForModel(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	images: ImageCount,
): IDataObject {
	const model = String(body.model);
	const refuse = (field: string, allowed: string, value: unknown) =>
		invalidField(ctx, itemIndex, field, allowed, value);
	if (channelOf(model) === 'official') {
		for (const [key, field] of Object.entries(CHANNEL_ONLY))
			if (body[key] !== undefined)
				throw refuse(
					field,
					`${model} does not take it; only ${CHANNEL_MODELS_TEXT} do: choose one of them or remove the option`,
					body[key],
				);
		if (images.references)
			throw refuse(
				images.referenceField ?? 'Image Input',
				`reference images are for veo3.1-fast and veo3.1-lite only; ${model} takes a first (and last) frame: choose one of those models or Image From URL / Binary Data`,
				images.references,
			);
		return body;
	}
	for (const [key, field] of Object.entries(OFFICIAL_ONLY))
		if (body[key] !== undefined)
			throw refuse(
				field,
				`${model} does not take it; only the official models do: remove it or choose ${OFFICIAL_MODELS_TEXT}`,
				body[key],
			);
	if (body.duration !== 8)
		throw refuse(
			'Duration',
			`${model} makes 8-second videos only: choose 8 seconds, or ${OFFICIAL_MODELS_TEXT} for 4 or 6`,
			body.duration,
		);
	if (images.references > 3)
		throw refuse(
			images.referenceField ?? 'Image Input',
			'takes 1 to 3 reference images',
			images.references,
		);
	if (images.references && !REFERENCE_MODELS.includes(model))
		throw refuse(
			images.referenceField ?? 'Image Input',
			`${model} does not take reference images: choose veo3.1-fast or veo3.1-lite, or a first frame`,
			images.references,
		);
	if (body.enable_gif && body.resolution !== '720p')
		throw refuse(
			'Output GIF',
			`a GIF is made at 720p only: choose Resolution 720p, or turn Output GIF off for ${String(body.resolution)}`,
			true,
		);
	return { ...body, resolution: channelResolution(String(body.resolution)) };
}

/** The veo3.1 channel (create and remix) spells the panel's 4K in lower case. */
export const channelResolution = (resolution: string) => resolution.toLowerCase();

/** The image links in the body, as the model's channel takes them. */
export function placeImages(
	body: IDataObject,
	images: { firstFrame?: string; lastFrame?: string; references?: string[] },
): IDataObject {
	const placed = { ...body };
	if (channelOf(String(body.model)) === 'official') {
		if (images.firstFrame) placed.first_frame_image = images.firstFrame;
		if (images.lastFrame) placed.last_frame_image = images.lastFrame;
	} else if (images.references?.length) {
		placed.generation_type = 'reference';
		placed.image_urls = images.references;
	} else if (images.firstFrame) {
		placed.generation_type = 'frame';
		placed.image_urls = images.lastFrame
			? [images.firstFrame, images.lastFrame]
			: [images.firstFrame];
	}
	return placed;
}
