// Version 1 of Create Video, frozen: nodes saved before 1.1 keep exactly these fields and
// defaults (n8n saves only values that differ from a default, so any change here would change
// what saved workflows do). Do not edit; a new version adds its own file.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../helpers/validate';
import type { RunSettings } from '../advancedOptions';
import { readWaitAndDownload } from '../readWaitAndDownload';
import { callbackUrlField, waitAndDownloadFields } from '../waitAndDownloadFields';
import { generationOptions, OPTIONS_DESCRIPTION } from './fields';
import type { VersionPanel } from './version';

// Exactly version 1: a frozen panel belongs to one version.
const V1 = { '@version': [1] };

const resizeModeOption: INodeProperties = {
	displayName: 'Resize Mode',
	name: 'resizeMode',
	type: 'options',
	options: [
		{ name: 'Crop', value: 'crop' },
		{ name: 'Pad', value: 'pad' },
	],
	default: 'pad',
	description: 'How the first frame is fitted to the aspect ratio (image-to-video only)',
};

export const v1: VersionPanel = {
	model: updateDisplayOptions({ show: V1 }, [
		{
			displayName: 'Model',
			name: 'model',
			type: 'options',
			options: [
				{
					name: 'Other (Enter Name)',
					value: 'other',
					description: 'A model name your gateway lists that is not here',
				},
				{ name: 'Veo 3.1 Fast', value: 'veo3.1-fast-official', description: 'Faster and cheaper' },
				{
					name: 'Veo 3.1 Lite',
					value: 'veo3.1-lite-official',
					description: 'Offered by newer gateways',
				},
				{
					name: 'Veo 3.1 Quality',
					value: 'veo3.1-quality-official',
					description: 'Highest quality',
				},
			],
			default: 'veo3.1-fast-official',
		},
		{
			displayName: 'Model Name',
			name: 'customModel',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. veo3.1-fast-official',
			displayOptions: { show: { model: ['other'] } },
			description: 'The exact model name as the gateway lists it',
		},
	]),
	imageInput: updateDisplayOptions({ show: V1 }, [
		{
			displayName: 'Image Input',
			name: 'imageInputType',
			type: 'options',
			options: [
				{ name: 'Binary Data From the Input Item', value: 'binary' },
				{ name: 'URL', value: 'url' },
			],
			default: 'url',
			description:
				'Where first/last frame images come from. Leave the image fields empty for text-to-video; set a first frame for image-to-video.',
		},
	]),
	afterFrames: [],
	output: updateDisplayOptions({ show: V1 }, [
		// Waiting and downloading as two switches, then the generation options.
		...waitAndDownloadFields(true, true),
		{ ...callbackUrlField, displayOptions: { show: { waitForCompletion: [false] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: OPTIONS_DESCRIPTION,
			options: [...generationOptions, resizeModeOption].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
	]),
	reader: {
		modelField: 'Model Name',
		readModel: (ctx: IExecuteFunctions, itemIndex: number) => {
			const choice = ctx.getNodeParameter('model', itemIndex) as string;
			return choice === 'other'
				? requireText(
						ctx,
						itemIndex,
						'Model Name',
						ctx.getNodeParameter('customModel', itemIndex, ''),
					)
				: requireText(ctx, itemIndex, 'Model', choice);
		},
		imageInputs: ['url', 'binary'],
		firstFrameRequired: false,
		resizeModeField: false,
		readOutput: (ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings) =>
			readWaitAndDownload(ctx, itemIndex, settings, true),
	},
};
