// Waiting and downloading: the fields Create Video (version 1 and 1.1) and Get Task share, and
// their readers. Visibility per operation is added by each operation with updateDisplayOptions.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	invalidField,
	requireBinaryPropertyName,
	requireBoolean,
	requireInteger,
	requireOneOf,
} from '../helpers/validate';
import type { WaitSettings } from '../helpers/wait';

export const MAX_WAIT_LIMIT_SECONDS = 86_400;

const waitForCompletionField: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait until the video is finished. When off, the node returns at once with the task ID; fetch the video later with Get Task.',
};

/** Create Video downloads only once it waited; Get Task can download a task that is already done. */
export function waitAndDownloadFields(
	waitByDefault: boolean,
	downloadNeedsWait: boolean,
): INodeProperties[] {
	const whenWaiting = { show: { waitForCompletion: [true] } };
	const downloadShow = downloadNeedsWait ? whenWaiting : undefined;
	return [
		{ ...waitForCompletionField, default: waitByDefault },
		{ ...maxWaitField, displayOptions: whenWaiting },
		{ ...pollIntervalField, displayOptions: whenWaiting },
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: false,
			displayOptions: downloadShow,
			description:
				'Whether to download the finished video as binary data for the next node (Google Drive, S3, Slack, Write File). Video links expire (see expiresAt).',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { ...(downloadShow?.show ?? {}), downloadVideo: [true] } },
			description: OUTPUT_FIELD_DESCRIPTION,
		},
	];
}

const OUTPUT_FIELD_DESCRIPTION =
	'The binary property to put the video in. With Sample Count above 1, the other videos go to this name with _1, _2, ... appended.';

const maxWaitField: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_WAIT_LIMIT_SECONDS, numberPrecision: 0 },
	default: 600,
	description:
		'How long to wait for the task before the item fails with its task ID. The task keeps running and can be fetched later with Get Task.',
};

const pollIntervalField: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollIntervalSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600, numberPrecision: 0 },
	default: 10,
	description:
		'The shortest time between two status checks of one task. The node checks less often early on and more often near the expected end.',
};

/** Version 1.1 of Create Video: the waiting and output settings, as options. */
export function waitOptions(): INodeProperties[] {
	const whenWaiting = { hide: { '/returnAs': ['taskId'] } };
	return [
		{ ...maxWaitField, displayOptions: whenWaiting },
		{ ...pollIntervalField, displayOptions: whenWaiting },
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { '/returnAs': ['binary'] } },
			description: OUTPUT_FIELD_DESCRIPTION,
		},
	];
}

export interface WaitAndDownload {
	wait?: WaitSettings;
	download?: { binaryPropertyName: string; maxVideoBytes: number };
}

/** Version 1: the Wait for Completion and Download Video switches, and their fields. */
export function readWaitAndDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	downloadNeedsWait: boolean,
): WaitAndDownload {
	const settings: WaitAndDownload = {};
	const wait = requireBoolean(
		ctx,
		itemIndex,
		'Wait for Completion',
		ctx.getNodeParameter('waitForCompletion', itemIndex),
	);
	if (wait) {
		settings.wait = readWaitSettings(
			ctx,
			itemIndex,
			ctx.getNodeParameter('maxWaitSeconds', itemIndex, 600),
			ctx.getNodeParameter('pollIntervalSeconds', itemIndex, 10),
		);
	}
	if (wait || !downloadNeedsWait) {
		const download = requireBoolean(
			ctx,
			itemIndex,
			'Download Video',
			ctx.getNodeParameter('downloadVideo', itemIndex, false),
		);
		if (download)
			settings.download = readDownload(
				ctx,
				itemIndex,
				ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
			);
	}
	return settings;
}

/**
 * Version 1.1 of Create Video: Return (Video File, Video URL, Task ID Only), with the waiting
 * settings in Options. As an AI agent's tool the default is the URL: agents work with text.
 */
export function readReturnAs(ctx: IExecuteFunctions, itemIndex: number): WaitAndDownload {
	const fallback = ctx.getNode().type.endsWith('Tool') ? 'url' : 'binary';
	const returnAs = requireOneOf(
		ctx,
		itemIndex,
		'Return',
		ctx.getNodeParameter('returnAs', itemIndex, fallback),
		['binary', 'url', 'taskId'] as const,
	);
	if (returnAs === 'taskId') return {};
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings: WaitAndDownload = {
		wait: readWaitSettings(
			ctx,
			itemIndex,
			options.maxWaitSeconds ?? 600,
			options.pollIntervalSeconds ?? 10,
		),
	};
	if (returnAs === 'binary')
		settings.download = readDownload(ctx, itemIndex, options.binaryPropertyName ?? 'data');
	return settings;
}

function readWaitSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
	maxWait: unknown,
	pollInterval: unknown,
): WaitSettings {
	const maxWaitSeconds = requireInteger(
		ctx,
		itemIndex,
		'Max Wait (Seconds)',
		maxWait,
		1,
		MAX_WAIT_LIMIT_SECONDS,
	);
	const pollIntervalSeconds = requireInteger(
		ctx,
		itemIndex,
		'Poll Interval (Seconds)',
		pollInterval,
		1,
		3600,
	);
	if (pollIntervalSeconds > maxWaitSeconds) {
		throw invalidField(
			ctx,
			itemIndex,
			'Poll Interval (Seconds)',
			`must not be longer than Max Wait (Seconds), ${maxWaitSeconds}`,
			pollIntervalSeconds,
		);
	}
	return { maxWaitSeconds, pollIntervalSeconds };
}

function readDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: unknown,
): NonNullable<WaitAndDownload['download']> {
	const advanced = ctx.getNodeParameter('advancedOptions', itemIndex, {}) as IDataObject;
	return {
		binaryPropertyName: requireBinaryPropertyName(
			ctx,
			itemIndex,
			'Put Output File in Field',
			binaryPropertyName,
		),
		maxVideoBytes:
			requireInteger(
				ctx,
				itemIndex,
				'Max Video Size (MB)',
				advanced.maxVideoMegabytes ?? 2048,
				1,
				10_240,
			) * 1048576,
	};
}
