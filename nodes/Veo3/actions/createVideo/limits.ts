// The API's values, limits and defaults for Create Video, in one table: the fields show them
// and the readers check against them (test/package.test.ts holds the fields to it).

/** The built-in model list, shown when the gateway does not list its models. */
export const MODEL_NAMES: Record<string, string> = {
	'veo3.1-fast-official': 'Veo 3.1 Fast',
	'veo3.1-quality-official': 'Veo 3.1 Quality',
	'veo3.1-lite-official': 'Veo 3.1 Lite',
};

/**
 * The other Veo 3.1 channel's models (channels.ts): named for what only they do, so that the
 * picker tells "Veo 3.1 Fast (veo3.1-fast)" from the official one at a glance.
 */
export const CHANNEL_MODEL_NAMES: Record<string, string> = {
	'veo3.1-fast': 'Veo 3.1 Fast: Reference Images, GIF, Extend',
	'veo3.1-quality': 'Veo 3.1 Quality: GIF, Extend',
	'veo3.1-lite': 'Veo 3.1 Lite: Reference Images, GIF',
};

export const LIMITS = {
	model: { default: 'veo3.1-fast-official' },
	duration: { values: [4, 6, 8], default: 8 },
	aspectRatio: { values: ['16:9', '9:16'], default: '16:9' },
	resolution: { values: ['720p', '1080p', '4K'], default: '720p' },
	personGeneration: { values: ['allow_adult', 'disallow'], default: 'allow_adult' },
	resizeMode: { values: ['pad', 'crop'], default: 'pad' },
	seed: { min: 0, max: 4_294_967_295, default: 0 },
	sampleCount: { min: 1, max: 4, default: 1 },
} as const;
