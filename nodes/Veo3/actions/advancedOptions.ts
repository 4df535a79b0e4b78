// Advanced Options: how the run talks to the gateway, and (Create Video) what it may spend.
// Read once per run, from the first item: they describe the node, not an item.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidField, requireBoolean, requireInteger, requireOneOf } from '../helpers/validate';

export const LANGUAGES = ['en', 'zh', 'ja', 'ko', 'ru', 'fr', 'de', 'id', 'pt', 'es'] as const;
const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = {
	en: 'English',
	zh: 'Chinese',
	ja: 'Japanese',
	ko: 'Korean',
	ru: 'Russian',
	fr: 'French',
	de: 'German',
	id: 'Indonesian',
	pt: 'Portuguese',
	es: 'Spanish',
};
/** The options every operation has: how the run talks to the gateway. */
const runOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20, numberPrecision: 0 },
		default: 5,
		description:
			'How many requests this node sends at the same time (creates, status checks, uploads and downloads together), 1 to 20. Lower it if the gateway answers 429.',
	},
	{
		displayName: 'Language of Messages',
		name: 'language',
		type: 'options',
		options: LANGUAGES.map((value) => ({ name: LANGUAGE_NAMES[value], value })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		default: 'en',
		description: 'The language the gateway uses for task status and error messages',
	},
	{
		displayName: 'Max Video Size (MB)',
		name: 'maxVideoMegabytes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10_240, numberPrecision: 0 },
		default: 2048,
		description:
			'A download larger than this fails the item (checked while streaming). Veo videos are far smaller; this stops a misbehaving host from filling the disk.',
	},
	{
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600, numberPrecision: 0 },
		default: 60,
		description:
			'How long one request to the gateway may take, start to finish; a download may stay silent this long',
	},
];

/** A spreadsheet of 800 rows in front of the node should not buy 800 videos by accident. */
export const DEFAULT_MAX_VIDEOS_PER_RUN = 50;

/** Create Video's own: what it may spend, and whether it may resend a create. */
const createOptions: INodeProperties[] = [
	{
		displayName: 'Max Videos per Run',
		name: 'maxVideosPerRun',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: DEFAULT_MAX_VIDEOS_PER_RUN,
		description:
			'The most videos one run of this node may buy (items × Sample Count). Over it, nothing is sent and every item fails. 0 for no limit.',
	},
	{
		displayName: 'Min Balance',
		name: 'minBalance',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Read the balance before the first create and send nothing when it is below this (in the gateway's unit: USD, CNY or credits)",
	},
	{
		displayName: 'Resubmit After Ambiguous Failure',
		name: 'resubmitOnAmbiguousFailure',
		type: 'boolean',
		default: false,
		description:
			'Whether to send the create request again when it failed after being sent (timeout, dropped connection, 5xx) and the gateway does not honour idempotency keys. This can create and bill a second video.',
	},
];

export function advancedOptionsField(forCreate: boolean): INodeProperties {
	return {
		displayName: 'Advanced Options',
		name: 'advancedOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: forCreate ? [...runOptions, ...createOptions] : runOptions,
	};
}

export interface RunSettings {
	maxVideosPerRun: number;
	/** Undefined: the balance is not checked. */
	minBalance?: number;
	concurrency: number;
	requestTimeoutSeconds: number;
	language: string;
	resubmitOnAmbiguousFailure: boolean;
}

/** Settings for the whole run, taken from the first item (they describe the node, not an item). */
export function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getNodeParameter('advancedOptions', 0, {}) as IDataObject;
	const minBalance = options.minBalance;
	if (minBalance !== undefined && (typeof minBalance !== 'number' || !(minBalance >= 0))) {
		throw invalidField(ctx, 0, 'Min Balance', 'must be a number of 0 or more', minBalance);
	}
	return {
		maxVideosPerRun: requireInteger(
			ctx,
			0,
			'Max Videos per Run',
			options.maxVideosPerRun ?? DEFAULT_MAX_VIDEOS_PER_RUN,
			0,
			1_000_000,
		),
		minBalance: minBalance as number | undefined,
		concurrency: requireInteger(ctx, 0, 'Concurrency', options.concurrency ?? 5, 1, 20),
		requestTimeoutSeconds: requireInteger(
			ctx,
			0,
			'Request Timeout (Seconds)',
			options.requestTimeoutSeconds ?? 60,
			1,
			600,
		),
		language: requireOneOf(ctx, 0, 'Language of Messages', options.language ?? 'en', LANGUAGES),
		resubmitOnAmbiguousFailure: requireBoolean(
			ctx,
			0,
			'Resubmit After Ambiguous Failure',
			options.resubmitOnAmbiguousFailure ?? false,
		),
	};
}
