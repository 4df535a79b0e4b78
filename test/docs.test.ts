/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// The user's documentation keeps up with the panel: every field a new Create Video or Extend
// Video node shows (and every option) has a row in a field table of the README or a docs/ page, and
// every API field such a row names is in docs/API.md, the API as the node and the simulator
// use it. A field added to the panel without its documentation fails here.
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';

const root = path.resolve(__dirname, '..');
const docsFolder = path.join(root, 'docs');
const userDocs = [
	fs.readFileSync(path.join(root, 'README.md'), 'utf8'),
	...fs
		.readdirSync(docsFolder)
		.filter((file) => file.endsWith('.md') && !['API.md', 'ARCHITECTURE.md'].includes(file))
		.map((file) => fs.readFileSync(path.join(docsFolder, file), 'utf8')),
].join('\n');
const tableRows = userDocs.split('\n').filter((line) => line.startsWith('|'));
/** A row's first cell: the field, as the panel names it. */
const firstCell = (row: string) => row.split('|')[1] ?? '';
const apiDoc = fs.readFileSync(path.join(docsFolder, 'API.md'), 'utf8');

/** An operation's fields as the newest version shows them, its options included. */
function newestFields(operation: string): INodeProperties[] {
	const onlyInVersion1 = (property: INodeProperties) =>
		JSON.stringify(property.displayOptions?.show?.['@version']) === '[1]';
	const createVideo = new Veo3().description.properties.filter(
		(property) =>
			property.displayOptions?.show?.operation?.includes(operation) && !onlyInVersion1(property),
	);
	const options = createVideo
		.filter((property) => property.name === 'options')
		.flatMap((property) => (property.options ?? []) as INodeProperties[])
		.filter((option) => !onlyInVersion1(option));
	return [...createVideo.filter((property) => property.type !== 'collection'), ...options];
}

const fields = newestFields('createVideo');
const extendFields = newestFields('extendVideo');

test.each([
	...fields.map((field) => ['Create Video', field.displayName]),
	...extendFields.map((field) => ['Extend Video', field.displayName]),
])('%s’s “%s” has a row in a field table of the user docs', (_operation, displayName) => {
	expect(tableRows.filter((row) => firstCell(row).includes(displayName))).not.toEqual([]);
});

test('every API field the field tables name is in docs/API.md', () => {
	const rowsOfFields = tableRows.filter((row) =>
		[...fields, ...extendFields].some((field) => firstCell(row).includes(field.displayName)),
	);
	const apiNames = rowsOfFields.flatMap((row) => {
		const apiCell = row.split('|')[2] ?? '';
		return [...apiCell.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]);
	});
	expect(apiNames.length).toBeGreaterThan(5);
	expect(apiNames.filter((name) => !apiDoc.includes(`\`${name}\``))).toEqual([]);
});
