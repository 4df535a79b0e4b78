// What a node version of Create Video adds: its own fields, in the panel's order, and how its
// own fields are read. index.ts puts the versions together; read.ts reads everything else.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RunSettings } from '../advancedOptions';
import type { TaskOutput } from '../../helpers/followTask';

export interface VersionReader {
	/** The model field's name as the panel shows it, for messages. */
	modelField: string;
	readModel: (ctx: IExecuteFunctions, itemIndex: number) => string;
	/** Image Input's choices; the first is its default. */
	imageInputs: readonly string[];
	/** An image mode needs a first frame (1.1); version 1 treats empty image fields as text-to-video. */
	firstFrameRequired: boolean;
	/** Resize Mode is a field (1.1), not an option. */
	resizeModeField: boolean;
	/** Waiting, downloading, or the task ID only. */
	readOutput: (ctx: IExecuteFunctions, itemIndex: number, settings: RunSettings) => TaskOutput;
}

export interface VersionPanel {
	/** Before Prompt. */
	model: INodeProperties[];
	/** After Resolution. */
	imageInput: INodeProperties[];
	/** After the frame fields. */
	afterFrames: INodeProperties[];
	/** Return (or Wait + Download), Callback URL, Options. */
	output: INodeProperties[];
	reader: VersionReader;
}
