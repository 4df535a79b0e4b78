import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	invalidField,
	requireBinaryPropertyName,
	requireBoolean,
	requireInteger,
	requireOneOf,
} from '../helpers/validate';

// Fields both operations share: waiting, downloading, and how the run talks to the gateway.

export const LANGUAGES = ['en', 'ja', 'ko', 'zh'] as const;
export const MAX_WAIT_LIMIT_SECONDS = 86_400;

export function waitAndDownloadFields(operation: string, waitByDefault: boolean): INodeProperties[] {
	const show = { operation: [operation] };
	const whenWaiting = { operation: [operation], waitForCompletion: [true] };
	// Create Video can only download once it waited; Get Task can download a task that is already done.
	const downloadShow = operation === 'createVideo' ? whenWaiting : show;
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: waitByDefault,
			displayOptions: { show },
			description:
				'Whether to wait until the video is finished. When off, the node returns at once with the task ID; fetch the video later with Get Task.',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_LIMIT_SECONDS },
			default: 600,
			displayOptions: { show: whenWaiting },
			description:
				'How long to wait for the task before the item fails with its task ID. The task keeps running and can be fetched later with Get Task.',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 10,
			displayOptions: { show: whenWaiting },
			description:
				'The shortest time between two status checks of one task. The node checks less often early on and more often near the expected end.',
		},
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: false,
			displayOptions: { show: downloadShow },
			description:
				'Whether to download the finished video as binary data for the next node (Google Drive, S3, Slack, Write File). Video links expire after about 24 hours.',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { ...downloadShow, downloadVideo: [true] } },
			hint: 'With several samples, the next ones go to data_1, data_2, ...',
			description: 'The name of the binary property to put the video in',
		},
	];
}

export function advancedOptionsField(operation: string): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description:
				'How many requests this node sends at the same time when it gets many items (1 to 20). Lower it if the gateway answers 429.',
		},
		{
			displayName: 'Language of Messages',
			name: 'language',
			type: 'options',
			options: [
				{ name: 'Chinese', value: 'zh' },
				{ name: 'English', value: 'en' },
				{ name: 'Japanese', value: 'ja' },
				{ name: 'Korean', value: 'ko' },
			],
			default: 'en',
			description: 'The language the gateway uses for task status and error messages',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 60,
			description: 'How long one request to the gateway or the video host may stay silent before it is given up',
		},
	];
	if (operation === 'createVideo') {
		options.push({
			displayName: 'Resubmit After Ambiguous Failure',
			name: 'resubmitOnAmbiguousFailure',
			type: 'boolean',
			default: false,
			description:
				'Whether to send the create request again when it failed after being sent (timeout, dropped connection, 5xx). This can create and bill a second video.',
		});
	}
	return {
		displayName: 'Advanced Options',
		name: 'advancedOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: [operation] } },
		options,
	};
}

export interface RunSettings {
	concurrency: number;
	requestTimeoutSeconds: number;
	language: string;
	resubmitOnAmbiguousFailure: boolean;
}

export interface ItemWaitSettings {
	wait?: { maxWaitSeconds: number; pollIntervalSeconds: number };
	download?: { binaryPropertyName: string };
}

/** Settings for the whole run, taken from the first item (they describe the node, not an item). */
export function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getNodeParameter('advancedOptions', 0, {}) as IDataObject;
	return {
		concurrency: requireInteger(ctx, 0, 'Concurrency', options.concurrency ?? 5, 1, 20),
		requestTimeoutSeconds: requireInteger(ctx, 0, 'Request Timeout (Seconds)', options.requestTimeoutSeconds ?? 60, 1, 600),
		language: requireOneOf(ctx, 0, 'Language of Messages', options.language ?? 'en', LANGUAGES),
		resubmitOnAmbiguousFailure: requireBoolean(
			ctx,
			0,
			'Resubmit After Ambiguous Failure',
			options.resubmitOnAmbiguousFailure ?? false,
		),
	};
}

export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number, operation: string): ItemWaitSettings {
	const settings: ItemWaitSettings = {};
	const wait = requireBoolean(ctx, itemIndex, 'Wait for Completion', ctx.getNodeParameter('waitForCompletion', itemIndex));
	if (wait) {
		const maxWaitSeconds = requireInteger(
			ctx, itemIndex, 'Max Wait (Seconds)', ctx.getNodeParameter('maxWaitSeconds', itemIndex, 600), 1, MAX_WAIT_LIMIT_SECONDS,
		);
		const pollIntervalSeconds = requireInteger(
			ctx, itemIndex, 'Poll Interval (Seconds)', ctx.getNodeParameter('pollIntervalSeconds', itemIndex, 10), 1, 3600,
		);
		if (pollIntervalSeconds > maxWaitSeconds) {
			throw invalidField(
				ctx, itemIndex, 'Poll Interval (Seconds)', `must not be longer than Max Wait (Seconds), ${maxWaitSeconds}`, pollIntervalSeconds,
			);
		}
		settings.wait = { maxWaitSeconds, pollIntervalSeconds };
	}
	if (wait || operation === 'getTask') {
		const download = requireBoolean(ctx, itemIndex, 'Download Video', ctx.getNodeParameter('downloadVideo', itemIndex, false));
		if (download) {
			settings.download = {
				binaryPropertyName: requireBinaryPropertyName(
					ctx, itemIndex, 'Put Output File in Field', ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
				),
			};
		}
	}
	return settings;
}
