// The readers of the fields that say what to get back (waitAndDownloadFields.ts): what an item
// waits for and downloads, checked before anything is sent. The waiting and downloading
// themselves are helpers/followTask.ts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	invalidField,
	requireBinaryPropertyName,
	requireBoolean,
	requireHttpUrl,
	requireInteger,
	requireOneOf,
} from '../helpers/validate';
import type { DownloadTarget, TaskOutput } from '../helpers/followTask';
import type { WaitSettings } from '../helpers/wait';
import type { RunSettings } from './advancedOptions';
import {
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_OUTPUT_FIELD,
	DEFAULT_POLL_INTERVAL_SECONDS,
	MAX_WAIT_LIMIT_SECONDS,
} from './waitAndDownloadFields';

/** Version 1: the Wait for Completion and Download Video switches, and their fields. */
export function readWaitAndDownload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
	downloadNeedsWait: boolean,
): TaskOutput {
	const output: TaskOutput = {};
	const wait = requireBoolean(
		ctx,
		itemIndex,
		'Wait for Completion',
		ctx.getNodeParameter('waitForCompletion', itemIndex),
	);
	if (wait) {
		output.wait = readWaitSettings(
			ctx,
			itemIndex,
			ctx.getNodeParameter('maxWaitSeconds', itemIndex, DEFAULT_MAX_WAIT_SECONDS),
			ctx.getNodeParameter('pollIntervalSeconds', itemIndex, DEFAULT_POLL_INTERVAL_SECONDS),
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
			output.download = readDownload(
				ctx,
				itemIndex,
				settings,
				ctx.getNodeParameter('binaryPropertyName', itemIndex, DEFAULT_OUTPUT_FIELD),
			);
	}
	return output;
}

/**
 * Version 1.1 of Create Video: Return (Video File, Video URL, Task ID Only), with the waiting
 * settings in Options. As an AI agent's tool the default is the URL: agents work with text.
 */
export function readReturnAs(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
): TaskOutput {
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
	const output: TaskOutput = {
		wait: readWaitSettings(
			ctx,
			itemIndex,
			options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS,
			options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
		),
	};
	if (returnAs === 'binary')
		output.download = readDownload(
			ctx,
			itemIndex,
			settings,
			options.binaryPropertyName ?? DEFAULT_OUTPUT_FIELD,
		);
	return output;
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
	settings: RunSettings,
	binaryPropertyName: unknown,
): DownloadTarget {
	return {
		binaryPropertyName: requireBinaryPropertyName(
			ctx,
			itemIndex,
			'Put Output File in Field',
			binaryPropertyName,
		),
		// Read once per run with the other Advanced Options.
		maxVideoBytes: settings.maxVideoBytes,
	};
}

/**
 * The Callback URL, sent as `webhook`; undefined when empty. n8n passes it only while the panel
 * shows it (Return = Task ID Only; version 1: Wait for Completion off): a node that waits polls
 * instead, and never sends it (test/callback.test.ts).
 */
export function readCallbackUrl(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const callback = ctx.getNodeParameter('callbackUrl', itemIndex, '') as string;
	if (typeof callback === 'string' && !callback.trim()) return undefined;
	return requireHttpUrl(
		ctx,
		itemIndex,
		'Callback URL',
		callback,
		'https://n8n.example.com/webhook-waiting/123',
	);
}
