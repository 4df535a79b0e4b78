// Reads and checks one Create Video item: every field once, against the table in limits.ts; a
// version's own fields through its reader (panel.v1.ts, panel.v1_1.ts).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TaskOutput } from '../../helpers/followTask';
import { itemKey } from '../../helpers/neverBuyTwice';
import {
	invalidField,
	requireBoolean,
	requireInteger,
	requireOneOf,
	requireText,
} from '../../helpers/validate';
import type { RunSettings } from '../advancedOptions';
import type { ItemJob } from '../operation';
import { readCallbackUrl } from '../readWaitAndDownload';
import type { ImageCount } from './channels';
import { bodyForModel, channelOf } from './channels';
import type { FrameSource, Frames } from './images';
import { frameIdentity, readFrames, referenceFieldOf } from './images';
import { LIMITS } from './limits';
import type { VersionReader } from './version';

/** Create Video: the paid request, already validated (nothing is sent before every item is read). */
export interface CreateJob extends ItemJob, TaskOutput {
	body: IDataObject;
	firstFrame?: FrameSource;
	lastFrame?: FrameSource;
	/** Reference images (veo3.1 channel): 1 to 3. */
	references?: FrameSource[];
	/** The same for the same paid request in this execution: see helpers/neverBuyTwice. */
	idempotencyKey: string;
	resubmitOnAmbiguousFailure: boolean;
}

function readResizeMode(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	firstFrame?: FrameSource,
) {
	if (!firstFrame) {
		throw invalidField(
			ctx,
			itemIndex,
			'Resize Mode',
			'applies to image-to-video only: set a first frame image or remove the option',
			value,
		);
	}
	return requireOneOf(ctx, itemIndex, 'Resize Mode', value, LIMITS.resizeMode.values);
}

/** Options: only those the user added are sent (the veo3.1 channel's switches only when on). */
function readOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
	firstFrame?: FrameSource,
) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { seed, sampleCount } = LIMITS;
	if (
		options.outputGif !== undefined &&
		requireBoolean(ctx, itemIndex, 'Output GIF', options.outputGif)
	)
		body.enable_gif = true;
	if (
		options.officialFallback !== undefined &&
		requireBoolean(ctx, itemIndex, 'Official Fallback', options.officialFallback)
	)
		body.official_fallback = true;
	if (options.negativePrompt !== undefined) {
		const text =
			typeof options.negativePrompt === 'string'
				? options.negativePrompt.trim()
				: options.negativePrompt;
		if (typeof text !== 'string')
			throw invalidField(ctx, itemIndex, 'Negative Prompt', 'must be text', text);
		if (text) body.negative_prompt = text;
	}
	if (options.seed !== undefined)
		body.seed = requireInteger(ctx, itemIndex, 'Seed', options.seed, seed.min, seed.max);
	if (options.sampleCount !== undefined)
		body.sample_count = requireInteger(
			ctx,
			itemIndex,
			'Sample Count',
			options.sampleCount,
			sampleCount.min,
			sampleCount.max,
		);
	if (options.generateAudio !== undefined)
		body.generate_audio = requireBoolean(ctx, itemIndex, 'Generate Audio', options.generateAudio);
	if (options.personGeneration !== undefined)
		body.person_generation = requireOneOf(
			ctx,
			itemIndex,
			'Person Generation',
			options.personGeneration,
			LIMITS.personGeneration.values,
		);
	if (options.resizeMode !== undefined)
		body.resize_mode = readResizeMode(ctx, itemIndex, options.resizeMode, firstFrame);
	if (options.enhancePrompt !== undefined)
		body.enhance_prompt = requireBoolean(ctx, itemIndex, 'Enhance Prompt', options.enhancePrompt);
}

/** Model, Prompt, Duration, Aspect Ratio, Resolution: the start of every create body. */
function readVideo(ctx: IExecuteFunctions, itemIndex: number, version: VersionReader): IDataObject {
	const model = version.readModel(ctx, itemIndex);
	if (/\s/.test(model))
		throw invalidField(ctx, itemIndex, version.modelField, 'must not contain spaces', model);
	const choose = <T extends string | number>(
		name: string,
		field: string,
		limit: { values: readonly T[]; default: T },
	) =>
		requireOneOf(
			ctx,
			itemIndex,
			field,
			ctx.getNodeParameter(name, itemIndex, limit.default),
			limit.values,
		);
	return {
		model,
		prompt: requireText(ctx, itemIndex, 'Prompt', ctx.getNodeParameter('prompt', itemIndex, '')),
		duration: choose('duration', 'Duration', LIMITS.duration),
		aspect_ratio: choose('aspectRatio', 'Aspect Ratio', LIMITS.aspectRatio),
		resolution: choose('resolution', 'Resolution', LIMITS.resolution),
	};
}

/** The same for the same paid request in this n8n instance and execution: see neverBuyTwice. */
const keyFor = (ctx: IExecuteFunctions, itemIndex: number, body: IDataObject, frames: Frames) =>
	itemKey(ctx, itemIndex, [
		body,
		frameIdentity(ctx, itemIndex, frames.firstFrame),
		frameIdentity(ctx, itemIndex, frames.lastFrame),
		...(frames.references ?? []).map((frame) => frameIdentity(ctx, itemIndex, frame)),
	]);

/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
export function readCreateItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
	version: VersionReader,
): CreateJob {
	const video = readVideo(ctx, itemIndex, version);
	const frames = readFrames(ctx, itemIndex, version);
	// Resize Mode is a field of the official models only (1.1 hides it for the others).
	if (
		version.resizeModeField &&
		frames.firstFrame &&
		channelOf(String(video.model)) === 'official'
	) {
		const value = ctx.getNodeParameter('resizeMode', itemIndex, LIMITS.resizeMode.default);
		video.resize_mode = readResizeMode(ctx, itemIndex, value, frames.firstFrame);
	}
	readOptions(ctx, itemIndex, video, frames.firstFrame);
	const images: ImageCount = {
		frames: frames.firstFrame ? (frames.lastFrame ? 2 : 1) : 0,
		references: frames.references?.length ?? 0,
		referenceField: frames.references?.[0] && referenceFieldOf(frames.references[0]),
	};
	const body = bodyForModel(ctx, itemIndex, video, images);
	const output = version.readOutput(ctx, itemIndex, settings);
	const callback = readCallbackUrl(ctx, itemIndex);
	if (callback) body.webhook = callback;
	return {
		itemIndex,
		body,
		firstFrame: frames.firstFrame,
		lastFrame: frames.lastFrame,
		references: frames.references,
		idempotencyKey: keyFor(ctx, itemIndex, body, frames),
		resubmitOnAmbiguousFailure: settings.resubmitOnAmbiguousFailure,
		...output,
	};
}
