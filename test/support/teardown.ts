/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// After each test file: n8n-core builds an SSH-tunnel manager for every node context; its cleanup
// interval would keep the test process alive (n8n stops it at shutdown; the tests do the same).
// And the file's own scratch n8n folder (test/support/env.js makes one per file) is removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Container } from '@n8n/di';

afterAll(async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager as new () => { onShutdown(): void }).onShutdown();
	const folder = process.env.N8N_USER_FOLDER ?? '';
	if (path.dirname(folder) === os.tmpdir() && path.basename(folder).startsWith('veo3-n8n-'))
		fs.rmSync(folder, { recursive: true, force: true });
});
