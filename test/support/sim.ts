/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import type { RunOptions } from './harness';
import { runVeo3 } from './harness';

import type { Simulator, SimulatorConfig } from '../simulator';
import { createSimulator, makeMp4 } from '../simulator';

export type { LoggedRequest, Simulator } from '../simulator';
export { makeMp4 };

/** A simulator for tests: its tasks take 1.2 s of the tests' virtual clock. */
const testGateway = { taskDurationMs: 1200 };

export async function startSimulator(options: Partial<SimulatorConfig> = {}): Promise<Simulator> {
	return await createSimulator({ ...testGateway, ...options }).start();
}

/** One simulator for a test file: started before, stopped after, its log cleared between tests. */
export function useSimulator(options: Partial<SimulatorConfig> = {}): Simulator {
	const sim = createSimulator({ ...testGateway, ...options });
	beforeAll(async () => {
		await sim.start();
	});
	afterAll(async () => await sim.stop());
	beforeEach(() => sim.clear());
	return sim;
}

/** Create Video parameters as a user would set them, waiting with a 1 s poll interval. */
export function createParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		operation: 'createVideo',
		model: 'veo3.1-fast-official',
		prompt: 'a golden retriever running on the beach, sunset, cinematic',
		pollIntervalSeconds: 1,
		maxWaitSeconds: 30,
		...overrides,
	};
}

export async function run(
	sim: Simulator,
	options: Partial<RunOptions> & { parameters: Record<string, unknown> },
) {
	return await runVeo3({
		...options,
		credentials: {
			apiKey: sim.config.apiKey,
			baseUrl: sim.baseUrl,
			// The simulator's file host is on loopback too, on its own port.
			allowedPrivateHosts: new URL(sim.fileUrl).host,
			...(options.credentials ?? {}),
		},
	});
}

/** Everything a user could see of a run: output items and the error, as text. */
export function visibleText(result: { items: unknown[]; error?: unknown }): string {
	const error = result.error as { message?: string; description?: string } | undefined;
	return (
		JSON.stringify(result.items) +
		(error ? `${error.message}\n${error.description}\n${JSON.stringify(error)}` : '')
	);
}

/** Milliseconds of `s` seconds on the tests' (virtual) clock. */
export const seconds = (s: number) => s * 1000;

/** Waits `s` seconds on the tests' clock. */
export const pause = async (s: number) =>
	await new Promise((resolve) => setTimeout(resolve, seconds(s)));
