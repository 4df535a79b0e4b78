// n8n-core builds an SSH-tunnel manager for every node context; its cleanup interval would keep
// the test process alive. n8n stops it at shutdown; the tests do the same after each file.
import { Container } from '@n8n/di';

afterAll(async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager as new () => { onShutdown(): void }).onShutdown();
});
