/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// The example workflows are what a new user starts from: they use the newest node version, and
// every value they set is a field the editor shows for them (n8n-workflow's own display logic).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Veo3 } from '../nodes/Veo3/Veo3.node';
import type { WorkflowJson } from './support/harness';
import { runWorkflowJson } from './support/harness';
import { useSimulator } from './support/sim';

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

// Every example runs as shipped against the demo gateway (the simulator `npm start` runs): its
// Veo3 nodes use the demo credential, nothing points at a placeholder host, and n8n-core runs it
// up to its last Veo3 node ("Execute step"), n8n's own nodes as stand-ins (support/harness.ts).
// What needs the user's own accounts (Slack, Google Drive) is after that node, and its sticky
// note says so. npm run test:ui runs them in a real n8n.
describe('every example runs as shipped against the demo gateway', () => {
	const sim = useSimulator();
	type Example = WorkflowJson & { name: string };
	const examples = fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.map(
			(file) => [file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))] as const,
		) as Array<readonly [string, Example]>;
	const demoCredential = examples
		.find(([file]) => file === 'demo-simulator.json')![1]
		.nodes.find((node) => node.credentials?.veo3Api)!.credentials!.veo3Api;

	// n8n itself, as far as the examples use it: its logo (the image example downloads it) and the
	// resume URLs the gateway calls back.
	const PNG = Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
		'base64',
	);
	const n8nRequests: string[] = [];
	const n8n = http.createServer((req, res) => {
		n8nRequests.push(`${req.method} ${req.url}`);
		if (req.url === '/static/n8n-logo.png') {
			res.writeHead(200, { 'content-type': 'image/png' });
			return void res.end(PNG);
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{}');
	});
	let n8nOrigin = '';
	beforeAll(async () => {
		await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
		n8nOrigin = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise((resolve) => n8n.close(resolve)));
	beforeEach(() => (n8nRequests.length = 0));

	test('the demo credential is the one npm start creates', () => {
		expect(demoCredential).toEqual({ id: 'veo3DemoCredSim', name: 'Veo3 demo (local simulator)' });
	});

	test.each(examples)('%s: a sticky note says what it does', (_file, workflow) => {
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes).toHaveLength(1);
		const content = String(notes[0].parameters.content);
		expect(content).toMatch(/^## \S/);
		expect(content.length).toBeGreaterThan(120);
	});

	test.each(examples)(
		'%s: Veo3 nodes use the demo credential, no placeholder host',
		(_file, workflow) => {
			const veo3 = workflow.nodes.filter((node) => node.type === 'n8n-nodes-veo3.veo3');
			for (const node of veo3) expect(node.credentials).toEqual({ veo3Api: demoCredential });
			expect(JSON.stringify(workflow)).not.toMatch(/example\.(com|org|net)/);
		},
	);

	test.each(examples)('%s: runs to its last Veo3 node', async (file, workflow) => {
		const veo3 = workflow.nodes.filter((node) => node.type === 'n8n-nodes-veo3.veo3');
		const last = veo3[veo3.length - 1].name;
		const webhook = workflow.nodes.some((node) => node.type === 'n8n-nodes-base.webhook');
		const run = await runWorkflowJson(workflow, {
			credentials: {
				apiKey: sim.config.apiKey,
				baseUrl: sim.baseUrl,
				allowedPrivateHosts: new URL(sim.fileUrl).host,
			},
			triggerItems: [
				{ json: webhook ? { body: { prompt: 'a red kite over a green valley' } } : {} },
			],
			destination: last,
			n8nOrigin,
		});
		const runData = run.data.resultData.runData;
		expect(run.data.resultData.error).toBeUndefined();
		for (const node of veo3) {
			const [task] = runData[node.name];
			expect(task.error).toBeUndefined();
			const [item] = task.data!.main[0]!;
			expect(item.json.error).toBeUndefined();
		}
		const [item] = runData[last][0].data!.main[0]!;
		const operation = veo3[veo3.length - 1].parameters.operation;
		if (operation === 'getBalance') expect(item.json.remaining).toBe(10.5);
		else expect(item.json.status).toBe('completed');
		if (file === 'image-to-video-from-http.json') {
			// The picture n8n serves went up to the gateway and is the first frame.
			expect(n8nRequests).toContain('GET /static/n8n-logo.png');
			expect(sim.requests('POST', '/v1/uploads/images')).toHaveLength(1);
			expect(sim.newTasks()[0].body.first_frame_image).toMatch(
				/^http:\/\/127\.0\.0\.1:\d+\/images\//,
			);
			expect(item.binary?.video?.mimeType).toBe('video/mp4');
		}
		if (file === 'product-photos-to-extended-video.json') {
			// Three photos went up as reference images of a veo3.1-fast video, which was extended.
			expect(sim.requests('POST', '/v1/uploads/images')).toHaveLength(3);
			const [video, extension] = sim.newTasks();
			expect(video.body.generation_type).toBe('reference');
			expect(video.body.image_urls).toHaveLength(3);
			expect(extension.remixOf).toBe(video.id);
			expect(extension.videoSeconds).toBe(15);
			expect(item.binary?.video?.mimeType).toBe('video/mp4');
		}
		if (file === 'long-video-callback.json') {
			// The gateway was given this execution's resume URL to call back.
			expect(sim.newTasks()[0].body.webhook).toMatch(
				new RegExp(`^${n8nOrigin}/webhook-waiting/exec-\\d+$`),
			);
			expect(item.binary?.data?.mimeType).toBe('video/mp4');
		}
	});
});
