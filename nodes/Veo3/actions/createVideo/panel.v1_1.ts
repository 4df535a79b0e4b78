// Version 1.1 of Create Video, what new nodes get: a model picker, Image Input "None (Text to
// Video)" by default, Resize Mode only for image modes, one Return choice instead of Wait +
// Download, and the waiting settings in Options.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireText } from '../../helpers/validate';
import type { RunSettings } from '../advancedOptions';
import { readReturnAs } from '../readWaitAndDownload';
import { callbackUrlField, returnFields, waitOptions } from '../waitAndDownloadFields';
import { SHOW_FOR_CHANNEL, SHOW_FOR_OFFICIAL } from './channels';
import { generationOptions, OPTIONS_DESCRIPTION } from './fields';
import type { VersionPanel } from './version';

const V1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** The official models' generation options, offered for them only. */
const officialOptions = generationOptions.map((option) => ({
	...option,
	displayOptions: { show: SHOW_FOR_OFFICIAL },
}));

/** The veo3.1 channel's own options, offered for its models only. */
const channelOptions: INodeProperties[] = [
	{
		displayName: 'Output GIF',
		name: 'outputGif',
		type: 'boolean',
		default: false,
		displayOptions: { show: SHOW_FOR_CHANNEL },
		description:
			'Whether to make an animated GIF instead of an MP4 video (at 720p), for previews and chat messages',
	},
	{
		displayName: 'Official Fallback',
		name: 'officialFallback',
		type: 'boolean',
		default: false,
		displayOptions: { show: SHOW_FOR_CHANNEL },
		description:
			"Whether the gateway may make the video on the official channel when this model's channel fails (the official price may apply)",
	},
];

export const v1_1: VersionPanel = {
	model: updateDisplayOptions({ show: V1_1 }, [
		{
			displayName: 'Model',
			name: 'modelId',
			type: 'resourceLocator',
			// cachedResultName: a new node shows the model's name, as the picker does, not a bare ID.
			default: {
				mode: 'list',
				value: 'veo3.1-fast-official',
				cachedResultName: 'Veo 3.1 Fast (veo3.1-fast-official)',
			},
			required: true,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'listModels', searchable: true },
				},
				{
					displayName: 'ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. veo3.1-fast-official',
				},
			],
			description:
				'The Veo models your gateway lists, or any model ID. The -official models take the official fields (Negative Prompt, Seed, Sample Count, ...); veo3.1-fast, -quality and -lite take reference images and GIF output and can be extended. A model the node does not know gets the official body.',
		},
	]),
	imageInput: updateDisplayOptions({ show: V1_1 }, [
		{
			displayName: 'Image Input',
			name: 'imageInputType',
			type: 'options',
			// In name order, as n8n's lint wants a list of five or more.
			options: [
				{
					name: 'Image From Binary Data',
					value: 'binary',
					description:
						'The video starts from (and may end on) image files of the input item, uploaded to the gateway first',
				},
				{
					name: 'Image From URL',
					value: 'url',
					description: 'The video starts from (and may end on) images at public URLs',
				},
				{ name: 'None (Text to Video)', value: 'text' },
				{
					name: 'Reference Images From Binary Data',
					value: 'referenceBinary',
					description:
						'Veo3.1-fast and veo3.1-lite: 1 to 3 image files of the input item (uploaded first) that stay the same in the video',
				},
				{
					name: 'Reference Images From URL',
					value: 'referenceUrl',
					description:
						'Veo3.1-fast and veo3.1-lite: 1 to 3 pictures of a product or character that stay the same in the video',
				},
			],
			default: 'text',
			description:
				'What the video is made from besides the prompt. The official models take a first (and last) frame; veo3.1-fast and veo3.1-lite also take reference images.',
		},
	]),
	afterFrames: updateDisplayOptions({ show: V1_1 }, [
		{
			displayName: 'Reference Image URLs',
			name: 'referenceImageUrls',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. https://example.com/product-front.png',
			displayOptions: { show: { imageInputType: ['referenceUrl'] } },
			hint: 'One public URL per line (JPEG, PNG or WebP, up to 10 MB each); an expression may give a list',
			description: '1 to 3 images the video keeps: a product, a character, a style',
		},
		{
			displayName: 'Reference Image Binary Properties',
			name: 'referenceBinaryProperties',
			type: 'string',
			default: 'data',
			placeholder: 'e.g. data, data_1, data_2',
			displayOptions: { show: { imageInputType: ['referenceBinary'] } },
			hint: 'Separated by commas; each is uploaded to the gateway first',
			description: '1 to 3 binary properties of the input item holding the reference images',
		},
		{
			displayName: 'Resize Mode',
			name: 'resizeMode',
			type: 'options',
			options: [
				{
					name: 'Pad',
					value: 'pad',
					description: 'Fit the whole image, with bars where the aspect ratio differs',
				},
				{
					name: 'Crop',
					value: 'crop',
					description: 'Fill the frame, cutting off what does not fit',
				},
			],
			default: 'pad',
			displayOptions: { show: { imageInputType: ['url', 'binary'], ...SHOW_FOR_OFFICIAL } },
			description: 'How the first frame is fitted to the aspect ratio (official models)',
		},
	]),
	output: updateDisplayOptions({ show: V1_1 }, [
		...returnFields(),
		{ ...callbackUrlField, displayOptions: { show: { returnAs: ['taskId'] } } },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: OPTIONS_DESCRIPTION,
			options: [...officialOptions, ...channelOptions, ...waitOptions()].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
	]),
	reader: {
		modelField: 'Model',
		readModel: (ctx: IExecuteFunctions, itemIndex: number) =>
			requireText(
				ctx,
				itemIndex,
				'Model',
				ctx.getNodeParameter('modelId', itemIndex, '', { extractValue: true }),
			),
		imageInputs: ['text', 'url', 'binary', 'referenceUrl', 'referenceBinary'],
		firstFrameRequired: true,
		resizeModeField: true,
		readOutput: (ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings) =>
			readReturnAs(ctx, itemIndex, settings),
	},
};
