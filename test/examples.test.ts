// The example workflows are what a new user starts from: they use the newest node version, and
// every value they set is a field the editor shows for them (n8n-workflow's own display logic).
import fs from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';

const description = new Veo3().description;
const newest = Math.max(...(description.version as number[]));
const dir = path.join(__dirname, '../examples');
const nodes = fs
	.readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
			nodes: Array<{
				name: string;
				type: string;
				typeVersion: number;
				parameters: INodeParameters;
			}>;
		};
		return workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-veo3.veo3')
			.map((node) => [`${file}: ${node.name}`, node] as const);
	});

test('there are examples with Veo3 nodes', () => {
	expect(nodes.length).toBeGreaterThanOrEqual(6);
});

test.each(nodes)(
	'%s uses the newest node version and only fields the editor shows',
	(_name, node) => {
		expect(node.typeVersion).toBe(newest);
		const version = { typeVersion: node.typeVersion };
		const resolved =
			NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters,
				true,
				false,
				version,
				description,
			) ?? {};
		const shown = description.properties
			.filter((property) => NodeHelpers.displayParameter(resolved, property, version, description))
			.map((property) => property.name);
		for (const key of Object.keys(node.parameters)) expect(shown).toContain(key);
	},
);
