// The fields that say what to get back (wait for the task, download its file, or the task ID
// only, with a callback) that Create Video (version 1 and 1.1), Extend Video and Get Task share.
// Visibility per operation is added by each operation with updateDisplayOptions; their readers
// are readWaitAndDownload.ts, the waiting and downloading themselves helpers/followTask.ts.
import type { INodeProperties } from 'n8n-workflow';

export const MAX_WAIT_LIMIT_SECONDS = 86_400;
/** The defaults of the fields below, which their readers fall back to. */
export const DEFAULT_MAX_WAIT_SECONDS = 600;
export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
export const DEFAULT_OUTPUT_FIELD = 'data';

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
			default: DEFAULT_OUTPUT_FIELD,
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
	default: DEFAULT_MAX_WAIT_SECONDS,
	description:
		'How long to wait for the task before the item fails with its task ID. The task keeps running and can be fetched later with Get Task.',
};

const pollIntervalField: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollIntervalSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600, numberPrecision: 0 },
	default: DEFAULT_POLL_INTERVAL_SECONDS,
	description:
		'The shortest time between two status checks of one task. The node checks less often early on and more often near the expected end.',
};

/** With Return = Task ID Only (version 1: Wait for Completion off): the gateway calls back. */
export const callbackUrlField: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $execution.resumeUrl }}',
	hint: 'For long videos: {{ $execution.resumeUrl }} here, then a Wait node (On Webhook Call, POST, suffix "callback"), then Get Task',
	description:
		"Sent as webhook: when the task ends, the gateway POSTs the task to this URL with /callback appended. It must be reachable from the internet (n8n's WEBHOOK_URL). Empty for none.",
};

/** How the video comes back, one choice (Create Video 1.1, Extend Video). In a workflow the file is the default. */
const returnField: INodeProperties = {
	displayName: 'Return',
	name: 'returnAs',
	type: 'options',
	options: [
		{
			name: 'Video File',
			value: 'binary',
			description: 'Wait for the video and download it as binary data for the next node',
		},
		{
			name: 'Video URL',
			value: 'url',
			description: 'Wait for the video and return its link (valid until expiresAt)',
		},
		{
			name: 'Task ID Only',
			value: 'taskId',
			description:
				'Return at once; get the video later with Get Task, or have the gateway call back (long videos)',
		},
	],
	default: 'binary',
	// `hide` on @tool, not `show: false`: n8n 1.x does not know @tool, and a `show` on it would
	// hide Return (and the Callback URL that depends on it) from every 1.1 node there.
	displayOptions: { hide: { '@tool': [true] } },
};

/** Return, and its AI-tool twin: an agent gets the link by default (a file is of no use to it). */
export function returnFields(): INodeProperties[] {
	return [
		returnField,
		{ ...returnField, default: 'url', displayOptions: { show: { '@tool': [true] } } },
	];
}

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
			default: DEFAULT_OUTPUT_FIELD,
			displayOptions: { show: { '/returnAs': ['binary'] } },
			description: OUTPUT_FIELD_DESCRIPTION,
		},
	];
}
