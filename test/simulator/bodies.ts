// What each paid call's JSON body may hold (docs/API.md): the official channel's create body,
// the other channel's (models without -official), and the remix body. A field the call does not
// document, or a value outside what it documents, is refused (400 naming the field), so a test
// catches a wrong body.

/** A refusal: the field it is about, and the message. */
export interface Problem {
	param: string;
	message: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
/** What is wrong with a value (the message after the field's name), or undefined. */
type Check = (value: unknown) => string | undefined;

/** The models of the other channel (docs/API.md, "The other channel"); every other is official. */
export const CHANNEL_MODELS: readonly string[] = [
	'veo3.1-fast',
	'veo3.1-quality',
	'veo3.1-lite',
	'veo3.1',
];
/** The models whose videos can be extended (remix). */
export const REMIXABLE_MODELS: readonly string[] = ['veo3.1-fast', 'veo3.1-quality'];
export const CHANNEL_PROMPT_MAX = 1000;

export const channelOf = (model: unknown): 'channel' | 'official' =>
	typeof model === 'string' && CHANNEL_MODELS.includes(model) ? 'channel' : 'official';

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

const text: Check = (value) =>
	typeof value === 'string' && value.trim() ? undefined : 'must be non-empty text';
const anyText: Check = (value) => (typeof value === 'string' ? undefined : 'must be text');
const boolean: Check = (value) =>
	typeof value === 'boolean' ? undefined : `must be true or false (got ${shown(value)})`;
const oneOf =
	(values: readonly (string | number)[], what = values.join(', ')): Check =>
	(value) =>
		values.includes(value as string | number)
			? undefined
			: `must be ${typeof values[0] === 'number' ? 'the number ' : 'one of '}${what} (got ${shown(value)})`;
const integer =
	(min: number, max: number): Check =>
	(value) =>
		Number.isInteger(value) && (value as number) >= min && (value as number) <= max
			? undefined
			: `must be a whole number from ${min} to ${max} (got ${shown(value)})`;
const httpUrl: Check = (value) => {
	if (typeof value === 'string' && /^https?:\/\//i.test(value)) {
		try {
			new URL(value);
			return undefined;
		} catch {
			// refused below
		}
	}
	return `must be an http(s) URL (got ${shown(value)})`;
};
const urlList =
	(max: number): Check =>
	(value) => {
		if (!Array.isArray(value) || value.length < 1 || value.length > max)
			return `must be a list of 1 to ${max} image URLs (got ${Array.isArray(value) ? `${value.length}` : shown(value)})`;
		const bad = value.find((url) => httpUrl(url));
		return bad === undefined ? undefined : `must hold http(s) URLs only (got ${shown(bad)})`;
	};
const aspectRatio = oneOf(['16:9', '9:16']);

/** The official channel's create body (the `-official` models, and any model not listed above). */
const OFFICIAL_FIELDS: Record<string, Check> = {
	model: text,
	prompt: text,
	negative_prompt: anyText,
	duration: oneOf([4, 6, 8], '4, 6 or 8'),
	aspect_ratio: aspectRatio,
	resolution: oneOf(['720p', '1080p', '4K']),
	first_frame_image: httpUrl,
	last_frame_image: httpUrl,
	seed: integer(0, 4_294_967_295),
	sample_count: integer(1, 4),
	generate_audio: boolean,
	person_generation: oneOf(['allow_adult', 'disallow']),
	resize_mode: oneOf(['pad', 'crop']),
	enhance_prompt: boolean,
	webhook: httpUrl,
};

/** The other channel's create body (veo3.1-fast, veo3.1-quality, veo3.1-lite, veo3.1). */
const CHANNEL_FIELDS: Record<string, Check> = {
	model: text,
	prompt: (value) =>
		text(value) ??
		((value as string).length > CHANNEL_PROMPT_MAX
			? `must be at most ${CHANNEL_PROMPT_MAX} characters (got ${(value as string).length})`
			: undefined),
	duration: oneOf([8], '8 (this channel makes 8 s videos only)'),
	aspect_ratio: aspectRatio,
	generation_type: oneOf(['frame', 'reference']),
	image_urls: urlList(3),
	resolution: oneOf(['720p', '1080p', '4k']),
	enable_gif: boolean,
	official_fallback: boolean,
	webhook: httpUrl,
};

/**
 * POST /v1/videos/{task_id}/remix: no images. `webhook` as on the creates, unless the config says
 * otherwise (remixTakesWebhook): the contract documents it for creates, the remix page does not
 * list it (docs/API.md, "Requests").
 */
const REMIX_FIELDS: Record<string, Check> = {
	model: text,
	prompt: text,
	raw: boolean,
	aspect_ratio: aspectRatio,
	resolution: oneOf(['720p', '1080p', '4k']),
	webhook: httpUrl,
};

/** Required fields first, then any field the call does not take, then each value. */
function checkFields(body: Body, fields: Record<string, Check>, who: string): Problem | undefined {
	for (const param of ['model', 'prompt']) {
		if (body[param] === undefined) return { param, message: `${param} is required` };
	}
	const unknown = Object.keys(body).find((name) => !Object.hasOwn(fields, name));
	if (unknown !== undefined) {
		return {
			param: unknown,
			message: `${unknown} is not a field of ${who}; it takes ${Object.keys(fields).join(', ')}`,
		};
	}
	for (const [param, check] of Object.entries(fields)) {
		if (!Object.hasOwn(body, param)) continue;
		const wrong = check(body[param]);
		if (wrong) return { param, message: `${param} ${wrong}` };
	}
	return undefined;
}

function officialProblem(body: Body): Problem | undefined {
	const problem = checkFields(body, OFFICIAL_FIELDS, `the official channel (${body.model})`);
	if (problem) return problem;
	if (body.last_frame_image !== undefined && body.first_frame_image === undefined)
		return { param: 'last_frame_image', message: 'last_frame_image requires first_frame_image' };
	if (body.resize_mode !== undefined && body.first_frame_image === undefined)
		return { param: 'resize_mode', message: 'resize_mode is only for image-to-video' };
	return undefined;
}

function channelProblem(body: Body): Problem | undefined {
	const problem = checkFields(body, CHANNEL_FIELDS, `${body.model} (not an -official model)`);
	if (problem) return problem;
	const type = body.generation_type;
	const images: unknown[] | undefined = body.image_urls;
	if (images && type === undefined)
		return {
			param: 'generation_type',
			message: 'generation_type (frame or reference) is required with image_urls',
		};
	if (type !== undefined && !images)
		return { param: 'image_urls', message: `generation_type ${type} needs image_urls` };
	if (type === 'frame' && images && images.length > 2)
		return {
			param: 'image_urls',
			message: `generation_type frame takes 1 or 2 image_urls (first and last frame), got ${images.length}`,
		};
	if (type === 'reference' && body.model === 'veo3.1-quality')
		return {
			param: 'generation_type',
			message: 'veo3.1-quality does not support generation_type reference',
		};
	if (body.enable_gif === true && ['1080p', '4k'].includes(body.resolution))
		return {
			param: 'enable_gif',
			message: `enable_gif is not available with resolution ${body.resolution} (only 720p)`,
		};
	return undefined;
}

/** What is wrong with a create body, for its model's channel. */
export function createProblem(body: Body): Problem | undefined {
	if (typeof body.model !== 'string' || !body.model.trim())
		return { param: 'model', message: 'model is required' };
	return channelOf(body.model) === 'channel' ? channelProblem(body) : officialProblem(body);
}

/** What is wrong with a remix body on its own (the original task is checked by the route). */
export function remixProblem(body: Body, takesWebhook = true): Problem | undefined {
	const fields = takesWebhook
		? REMIX_FIELDS
		: Object.fromEntries(Object.entries(REMIX_FIELDS).filter(([name]) => name !== 'webhook'));
	return checkFields(body, fields, 'a remix');
}
