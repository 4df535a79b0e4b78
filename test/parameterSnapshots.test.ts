/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Each node version's parameters as n8n resolves them, held to a committed fixture
// (test/fixtures/parameters-v<version>.json). n8n saves only the values that differ from a
// default, so a changed default, option value or limit silently changes every saved workflow of
// that version: any such change fails here. A new version is a new fixture; a frozen version's
// fixture never changes. After a deliberate change to the newest version only:
// UPDATE_PARAMETER_SNAPSHOTS=1 npx jest test/parameterSnapshots.test.ts, then review the diff (it
// rewrites only the newest version's fixture, and writes a missing one).
import fs from 'node:fs';
import path from 'node:path';

import type { INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';

const description = new Veo3().description;
const versions = description.version as number[];

/** What of a field reaches saved workflows: its name, type, default, values and limits. */
function valueShape(property: INodeProperties | { name: string; values?: unknown }): unknown {
	const p = property as INodeProperties & { values?: INodeProperties[] };
	return {
		name: p.name,
		type: p.type,
		default: p.default,
		required: p.required,
		typeOptions: p.typeOptions,
		options: p.options?.map((option) =>
			'value' in option
				? { value: option.value }
				: 'values' in option
					? { name: option.name, values: (option.values ?? []).map(valueShape) }
					: valueShape(option as INodeProperties),
		),
	};
}

/** One input per value of every options or boolean field a bare operation shows. */
function inputsFor(version: number, desc: INodeTypeDescription): INodeParameters[] {
	const node = { typeVersion: version };
	const inputs: INodeParameters[] = [];
	const operations = desc.properties.find((p) => p.name === 'operation')!.options as Array<{
		value: string;
	}>;
	for (const { value: operation } of operations) {
		const bare = { operation };
		inputs.push(bare);
		const resolved = NodeHelpers.getNodeParameters(desc.properties, bare, true, false, node, desc);
		for (const property of desc.properties) {
			if (property.name === 'operation') continue;
			if (!NodeHelpers.displayParameter(resolved ?? {}, property, node, desc)) continue;
			const values =
				property.type === 'boolean'
					? [true, false]
					: property.type === 'options'
						? (property.options ?? []).map((option) => (option as { value: string }).value)
						: [];
			for (const value of values) inputs.push({ operation, [property.name]: value });
		}
	}
	return inputs;
}

function snapshot(version: number, desc: INodeTypeDescription) {
	const node = { typeVersion: version };
	return inputsFor(version, desc).map((input) => {
		const resolved = NodeHelpers.getNodeParameters(desc.properties, input, true, false, node, desc);
		const shown = desc.properties.filter((property) =>
			NodeHelpers.displayParameter(resolved ?? {}, property, node, desc),
		);
		return { input, resolved, fields: shown.map(valueShape) };
	});
}

/**
 * A collection's options in name order: its values are saved by name, so the order in which the
 * editor lists them (Add Option) does not reach saved workflows and may change.
 */
function inNameOrder(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(inNameOrder);
	if (!value || typeof value !== 'object') return value;
	const entries = Object.entries(value).map(([key, inner]) => [key, inNameOrder(inner)] as const);
	const object = Object.fromEntries(entries) as { type?: unknown; options?: unknown };
	if (object.type === 'collection' && Array.isArray(object.options))
		object.options = [...(object.options as Array<{ name: string }>)].sort((a, b) =>
			a.name.localeCompare(b.name),
		);
	return object;
}

const fixtureOf = (version: number) =>
	path.join(__dirname, 'fixtures', `parameters-v${String(version).replace('.', '_')}.json`);

describe('each version resolves its parameters exactly as its fixture says', () => {
	test.each(versions)('version %s, as a node and as an AI tool', (version) => {
		const actual = {
			node: snapshot(version, description),
			tool: snapshot(version, { ...description, name: 'veo3Tool' } as INodeTypeDescription),
		};
		const file = fixtureOf(version);
		// JSON round trip: what the fixture can hold (undefined keys dropped).
		const json = JSON.parse(JSON.stringify(actual));
		// Only the newest version's fixture (or a missing one) is ever rewritten: the older versions
		// are frozen, and a change that reaches them must fail even with the update switch on. A new
		// operation is the exception (every version has the Operation picker):
		// UPDATE_PARAMETER_SNAPSHOTS=new-operation rewrites them all; check in the diff that only
		// the new operation's value and its own inputs appeared (docs/ARCHITECTURE.md).
		const writable =
			version === Math.max(...versions) ||
			!fs.existsSync(file) ||
			process.env.UPDATE_PARAMETER_SNAPSHOTS === 'new-operation';
		if (process.env.UPDATE_PARAMETER_SNAPSHOTS && writable) {
			fs.writeFileSync(file, `${JSON.stringify(json, null, '\t')}\n`);
		}
		expect(fs.existsSync(file)).toBe(true);
		expect(inNameOrder(json)).toEqual(inNameOrder(JSON.parse(fs.readFileSync(file, 'utf8'))));
	});

	test('every version has its fixture, and no fixture is for a version the node lacks', () => {
		const fixtures = fs
			.readdirSync(path.join(__dirname, 'fixtures'))
			.filter((name) => /^parameters-v.*\.json$/.test(name))
			.sort();
		expect(fixtures).toEqual(versions.map((v) => path.basename(fixtureOf(v))).sort());
	});
});
