/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// What n8n's verification and a newcomer's first look need from the package itself.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { Veo3Api } from '../credentials/Veo3Api.credentials';
import { Veo3 } from '../nodes/Veo3/Veo3.node';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

// Where n8n's own video generators (OpenAI, Google Gemini) sit: category AI with their
// subcategories. "Root Nodes" matters: n8n's nodes panel drops an AI node without it from the
// main search (newer versions of n8n's community lint flag AI in a non-SDK node for that reason;
// 0.32.0, which we pin, does not). npm run test:ui checks both places in the real panel.
test("codex: under AI as n8n's own video nodes are, findable by the words users type", () => {
	const codex = JSON.parse(read('nodes/Veo3/Veo3.node.json'));
	expect(codex.categories).toEqual(['AI']);
	expect(codex.subcategories).toEqual({ AI: ['Agents', 'Miscellaneous', 'Root Nodes'] });
	for (const word of [
		'veo',
		'video',
		'text to video',
		'image to video',
		'video generation',
		'apimart',
	])
		expect(codex.alias).toContain(word);
	expect(codex.node).toBe('n8n-nodes-veo3.veo3');
});

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, bl] = [1, 3, 5]
			.map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
			.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

test.each([
	['veo3.svg', '#ffffff'],
	['veo3.dark.svg', '#2b2b2b'],
])('icon %s stands out on the editor background %s (contrast ≥ 1.5)', (file, background) => {
	const fills = [...read(`nodes/Veo3/${file}`).matchAll(/fill="(#[0-9a-f]{6})"/gi)].map(
		(m) => m[1],
	);
	expect(fills.length).toBeGreaterThan(0);
	for (const fill of fills) expect(contrast(fill, background)).toBeGreaterThanOrEqual(1.5);
});

test('package.json: no runtime dependencies, n8n-workflow as a peer, node and credential registered', () => {
	const pkg = JSON.parse(read('package.json'));
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	expect(pkg.n8n.nodes).toEqual(['dist/nodes/Veo3/Veo3.node.js']);
	expect(pkg.n8n.credentials).toEqual(['dist/credentials/Veo3Api.credentials.js']);
	expect(pkg.license).toBe('MIT');
	expect(read('LICENSE')).toMatch(/^MIT License/);
});

test('imports run one way: node → actions → helpers → transport', () => {
	const layer = (file: string) =>
		/\/transport(\/|$)/.test(file)
			? 3
			: /\/helpers(\/|$)/.test(file)
				? 2
				: /\/actions(\/|$)/.test(file)
					? 1
					: 0;
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts')) files.push(full);
		}
	};
	walk(path.join(root, 'nodes/Veo3'));
	for (const file of files) {
		for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
			const target = path.resolve(path.dirname(file), spec);
			expect([path.relative(root, file), layer(target) >= layer(file)]).toEqual([
				path.relative(root, file),
				true,
			]);
		}
	}
});

test('whole-number fields take no fractions in the editor', () => {
	const numbers: INodeProperties[] = [];
	const collect = (properties: INodeProperties[]) => {
		for (const property of properties) {
			if (property.type === 'number') numbers.push(property);
			if (property.options)
				collect(property.options.filter((option): option is INodeProperties => 'type' in option));
		}
	};
	collect(new Veo3().description.properties);
	expect(numbers.length).toBeGreaterThanOrEqual(6);
	// Min Balance is an amount of money (USD, CNY or credits): cents allowed.
	for (const field of numbers)
		expect([field.name, field.typeOptions?.numberPrecision]).toEqual([
			field.name,
			field.name === 'minBalance' ? 2 : 0,
		]);
});

test("the node's Docs link has no fragment: n8n appends its ?utm_… query, which would land inside it", () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const codex = require('../nodes/Veo3/Veo3.node.json') as {
		resources: {
			primaryDocumentation: Array<{ url: string }>;
			credentialDocumentation?: Array<{ url: string }>;
		};
	};
	const { primaryDocumentation, credentialDocumentation = [] } = codex.resources;
	for (const { url } of [...primaryDocumentation, ...credentialDocumentation]) {
		expect(new URL(url).hash).toBe('');
		expect(url).toMatch(/^https:\/\//);
	}
});

test("the credential's Docs link has no fragment either", () => {
	const url = new Veo3Api().documentationUrl;
	expect(new URL(url).hash).toBe('');
	expect(url).toMatch(/^https:\/\//);
});

test("a new node's model shows its name as the picker words it, not a bare ID", () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { MODEL_NAMES } = require('../nodes/Veo3/actions/createVideo') as {
		MODEL_NAMES: Record<string, string>;
	};
	const field = new Veo3().description.properties.find((p) => p.name === 'modelId')!;
	const { value, cachedResultName } = field.default as { value: string; cachedResultName: string };
	expect(cachedResultName).toBe(`${MODEL_NAMES[value]} (${value})`);
});

test('no field is shown only when @tool is false: n8n 1.x does not know @tool and would hide it', () => {
	// On n8n 1.85.4, `show: { '@tool': [false] }` hid Return from every 1.1 node (and the Callback
	// URL with it); `hide: { '@tool': [true] }` says the same on 2.x and shows the field on 1.x.
	const shownOnlyForNonTools = new Veo3().description.properties.filter((property) =>
		(property.displayOptions?.show?.['@tool'] as unknown[] | undefined)?.includes(false),
	);
	expect(shownOnlyForNonTools.map((property) => property.name)).toEqual([]);
});

test("Create Video's fields show exactly the values, limits and defaults of the table the readers check", () => {
	const { LIMITS } =
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('../nodes/Veo3/actions/createVideo/limits') as typeof import('../nodes/Veo3/actions/createVideo/limits');
	const all: INodeProperties[] = [];
	const collect = (properties: INodeProperties[]) => {
		for (const property of properties) {
			all.push(property);
			if (property.options)
				collect(property.options.filter((option): option is INodeProperties => 'type' in option));
		}
	};
	collect(new Veo3().description.properties);
	const named = (name: string) => all.filter((property) => property.name === name);
	// Every value field Create Video sends to the API is in the table, and every table entry is a
	// field: a new field without its row, or a row without its field, fails here. The rest are the
	// node's own settings (waiting, returning, pacing), not API parameters.
	const NODE_SETTINGS = [
		'operation',
		'imageInputType',
		'returnAs',
		'maxWaitSeconds',
		'pollIntervalSeconds',
		'concurrency',
		'language',
		'maxVideoMegabytes',
		'requestTimeoutSeconds',
		'maxVideosPerRun',
		'minBalance',
	];
	const apiFields = all.filter(
		(property) =>
			['options', 'number'].includes(property.type) &&
			!NODE_SETTINGS.includes(property.name) &&
			(!property.displayOptions?.show?.operation ||
				property.displayOptions.show.operation.includes('createVideo')),
	);
	expect([...new Set(apiFields.map((field) => field.name))].sort()).toEqual(
		Object.keys(LIMITS).sort(),
	);
	for (const [name, limit] of Object.entries(LIMITS)) {
		const fields = named(name);
		expect(fields.length).toBeGreaterThan(0);
		for (const field of fields) {
			expect([name, field.default]).toEqual([name, limit.default]);
			if ('values' in limit) {
				const values = (field.options as Array<{ value: unknown }>).map((option) => option.value);
				expect([name, [...values].sort()]).toEqual([name, [...limit.values].sort()]);
			}
			if ('min' in limit)
				expect([name, field.typeOptions]).toMatchObject([
					name,
					{ minValue: limit.min, maxValue: limit.max },
				]);
		}
	}
	expect(named('model')[0].default).toBe(LIMITS.model.default);
	expect((named('modelId')[0].default as { value: string }).value).toBe(LIMITS.model.default);
});

test('no import cycle in nodes/ and credentials/ (type-only imports included)', () => {
	const files = new Map<string, string[]>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.ts')) files.set(full, []);
		}
	};
	walk(path.join(root, 'nodes'));
	walk(path.join(root, 'credentials'));
	const resolve = (from: string, spec: string) => {
		const base = path.resolve(path.dirname(from), spec);
		return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => files.has(candidate));
	};
	for (const file of files.keys()) {
		for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
			const target = resolve(file, spec);
			if (target) files.get(file)!.push(target);
		}
	}
	const cycles: string[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (file: string, trail: string[]) => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'open') {
			cycles.push(
				[...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(' → '),
			);
			return;
		}
		state.set(file, 'open');
		for (const next of files.get(file)!) visit(next, [...trail, file]);
		state.set(file, 'done');
	};
	for (const file of files.keys()) visit(file, []);
	expect(files.size).toBeGreaterThan(30);
	expect(cycles).toEqual([]);
});

test('the subtitle names every operation as the Operation picker does (both built from the table)', () => {
	const { subtitle, properties } = new Veo3().description;
	const names = JSON.parse(String(subtitle).match(/\{\{\s*(\{.*\})\[/)![1]) as Record<
		string,
		string
	>;
	const operation = properties.find((p) => p.name === 'operation')!;
	const picker = Object.fromEntries(
		(operation.options as Array<{ name: string; value: string }>).map((o) => [o.value, o.name]),
	);
	expect(names).toEqual(picker);
	expect(names).toEqual({
		createVideo: 'Create Video',
		extendVideo: 'Extend Video',
		getBalance: 'Get Balance',
		getTask: 'Get Task',
	});
	expect(operation.default).toBe('createVideo');
});

test('the real-n8n checks run every node version the node has (NODE_VERSIONS in tools/)', () => {
	const tools = fs
		.readdirSync(path.join(root, 'tools'))
		.filter((file) => file.endsWith('.js'))
		.map((file) => read(`tools/${file}`))
		.join('\n');
	const declared = tools.match(/NODE_VERSIONS\s*=\s*(\[[^\]]*\])/);
	expect(declared).not.toBeNull();
	expect(JSON.parse(declared![1])).toEqual(new Veo3().description.version);
});
