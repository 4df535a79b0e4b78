// Advanced Options: how the run talks to the gateway, and (Create Video) what it may spend.
// Read once per run, from the first item: they describe the node, not an item. Each option's
// field and its reader come from one table, so the panel's default is the reader's default.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidField, requireBoolean, requireInteger, requireOneOf } from '../helpers/validate';

const LANGUAGES = ['en', 'zh', 'ja', 'ko', 'ru', 'fr', 'de', 'id', 'pt', 'es'] as const;
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
/** A whole-number option: its field and the check its value gets, from one entry. */
interface WholeNumberOption {
	displayName: string;
	name: string;
	default: number;
	min: number;
	max: number;
	/** Whether the editor shows the maximum (Max Videos per Run has none there). */
	maxInPanel: boolean;
	description: string;
}

const CONCURRENCY: WholeNumberOption = {
	displayName: 'Concurrency',
	name: 'concurrency',
	default: 5,
	min: 1,
	max: 20,
	maxInPanel: true,
	description:
		'How many requests this node sends at the same time (creates, status checks, uploads and downloads together), 1 to 20. Lower it if the gateway answers 429.',
};

const MAX_VIDEO_MEGABYTES: WholeNumberOption = {
	displayName: 'Max Video Size (MB)',
	name: 'maxVideoMegabytes',
	default: 2048,
	min: 1,
	max: 10_240,
	maxInPanel: true,
	description:
		'A download larger than this fails the item (checked while streaming). Veo videos are far smaller; this stops a misbehaving host from filling the disk.',
};

const REQUEST_TIMEOUT_SECONDS: WholeNumberOption = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeoutSeconds',
	default: 60,
	min: 1,
	max: 600,
	maxInPanel: true,
	description:
		'How long one request to the gateway may take, start to finish; a download may stay silent this long',
};

/** A spreadsheet of 800 rows in front of the node should not buy 800 videos by accident. */
const MAX_VIDEOS_PER_RUN: WholeNumberOption = {
	displayName: 'Max Videos per Run',
	name: 'maxVideosPerRun',
	default: 50,
	min: 0,
	max: 1_000_000,
	maxInPanel: false,
	description:
		'The most videos one run of this node may buy (items × Sample Count; an extension is one). Over it, nothing is sent and every item fails. 0 for no limit.',
};

const LANGUAGE = { displayName: 'Language of Messages', name: 'language', default: 'en' } as const;
const MIN_BALANCE = { displayName: 'Min Balance', name: 'minBalance' } as const;
const RESUBMIT = {
	displayName: 'Resubmit After Ambiguous Failure',
	name: 'resubmitOnAmbiguousFailure',
	default: false,
} as const;

function wholeNumberField(option: WholeNumberOption): INodeProperties {
	// A plain identifier: n8n's lint reads `default` and skips what it cannot evaluate.
	const initial = option.default;
	return {
		displayName: option.displayName,
		name: option.name,
		type: 'number',
		typeOptions: {
			minValue: option.min,
			...(option.maxInPanel ? { maxValue: option.max } : {}),
			numberPrecision: 0,
		},
		default: initial,
		description: option.description,
	};
}

function readWholeNumber(ctx: IExecuteFunctions, options: IDataObject, option: WholeNumberOption) {
	return requireInteger(
		ctx,
		0,
		option.displayName,
		options[option.name] ?? option.default,
		option.min,
		option.max,
	);
}

/** The options every operation with Advanced Options has: how the run talks to the gateway. */
const runOptions: INodeProperties[] = [
	wholeNumberField(CONCURRENCY),
	{
		...LANGUAGE,
		type: 'options',
		options: LANGUAGES.map((value) => ({ name: LANGUAGE_NAMES[value], value })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
		description: 'The language the gateway uses for task status and error messages',
	},
	wholeNumberField(MAX_VIDEO_MEGABYTES),
	wholeNumberField(REQUEST_TIMEOUT_SECONDS),
];

/** An operation that buys (Create Video, Extend Video): what it may spend, and whether it may resend. */
const createOptions: INodeProperties[] = [
	wholeNumberField(MAX_VIDEOS_PER_RUN),
	{
		...MIN_BALANCE,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Read the balance before anything is bought and send nothing when it is below this (in the gateway's unit: USD, CNY or credits)",
	},
	{
		...RESUBMIT,
		type: 'boolean',
		description:
			'Whether to send the create request again when it failed after being sent (timeout, dropped connection, 5xx) and the gateway does not honour idempotency keys. This can create and bill a second video.',
	},
];

/** `buys`: the operation buys videos, so it gets the spending options too. */
export function advancedOptionsField({ buys }: { buys: boolean }): INodeProperties {
	return {
		displayName: 'Advanced Options',
		name: 'advancedOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// In name order, as n8n's own collections list their options.
		options: (buys ? [...runOptions, ...createOptions] : [...runOptions]).sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
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
	/** Max Video Size, in bytes. */
	maxVideoBytes: number;
}

/** Settings for the whole run, taken from the first item (they describe the node, not an item). */
export function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getNodeParameter('advancedOptions', 0, {}) as IDataObject;
	const minBalance = options[MIN_BALANCE.name];
	if (minBalance !== undefined && (typeof minBalance !== 'number' || !(minBalance >= 0))) {
		throw invalidField(
			ctx,
			0,
			MIN_BALANCE.displayName,
			'must be a number of 0 or more',
			minBalance,
		);
	}
	return {
		maxVideosPerRun: readWholeNumber(ctx, options, MAX_VIDEOS_PER_RUN),
		minBalance: minBalance as number | undefined,
		concurrency: readWholeNumber(ctx, options, CONCURRENCY),
		requestTimeoutSeconds: readWholeNumber(ctx, options, REQUEST_TIMEOUT_SECONDS),
		language: requireOneOf(
			ctx,
			0,
			LANGUAGE.displayName,
			options[LANGUAGE.name] ?? LANGUAGE.default,
			LANGUAGES,
		),
		resubmitOnAmbiguousFailure: requireBoolean(
			ctx,
			0,
			RESUBMIT.displayName,
			options[RESUBMIT.name] ?? RESUBMIT.default,
		),
		maxVideoBytes: readWholeNumber(ctx, options, MAX_VIDEO_MEGABYTES) * 1048576,
	};
}
