/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// A stand-in for n8n's Wait node webhook: records what the gateway posts to it.
import * as http from 'node:http';

import { seconds } from './sim';

export interface Callback {
	path: string;
	body: Record<string, unknown>;
}

export async function callbackReceiver() {
	const received: Callback[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(200).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook-waiting/42`;
	return {
		url,
		received,
		/** What was received once the first call came (or after 20 s of the test's time). */
		async afterFirstCall(): Promise<Callback[]> {
			for (let i = 0; i < 100 && !received.length; i++)
				await new Promise((resolve) => setTimeout(resolve, seconds(0.2)));
			return received;
		},
		close: async () => await new Promise((resolve) => server.close(resolve)),
	};
}
