'use strict';
// What the API simulator (in its own process) says happened: its /__sim/report; and faults
// queued for its routes (/__sim/faults).

/**
 * @typedef {object} SimTaskReport
 * @property {string} id
 * @property {string} prompt
 * @property {string} model the create's model (a remix's: the one it was sent)
 * @property {boolean} gif made with enable_gif
 * @property {number} videoSeconds
 * @property {string | null} remixOf a remix: the task it extends
 * @property {string[] | null} imageUrls the create's image_urls
 * @property {string | null} generationType the create's generation_type
 * @property {number} createdAt
 * @property {number} finishedAt
 * @property {number | null} firstNoticedAt
 * @property {number} polls the status requests for it
 */
/**
 * @typedef {object} SimReport
 * @property {number} videosServed
 * @property {{ creates: number, remixes: number, uploads: number }} requests
 *   the creates, remixes and image uploads sent to it (answered or refused)
 * @property {SimTaskReport[]} tasks every task created (so bought), oldest first
 * @property {number} maxCreatesInFlight
 * @property {import('../test/simulator/state').CallbackRecord[]} callbacks
 */

/**
 * @param {{ baseUrl: string }} sim
 * @returns {Promise<SimReport>}
 */
async function simReport(sim) {
	const response = await fetch(`${sim.baseUrl}/__sim/report`);
	if (!response.ok) throw new Error(`the simulator's report: ${response.status}`);
	return /** @type {SimReport} */ (await response.json());
}

/**
 * The simulator's tasks (for counting what was created, i.e. billed).
 * @param {{ baseUrl: string }} sim
 */
async function simTasks(sim) {
	return (await simReport(sim)).tasks;
}

/**
 * Queues faults for one of the simulator's routes: its next requests get them, one each.
 * @param {{ baseUrl: string }} sim
 * @param {import('../test/simulator/state').FaultRoute} route
 * @param {import('../test/simulator/state').Fault[]} faults
 */
async function simFaults(sim, route, faults) {
	const response = await fetch(`${sim.baseUrl}/__sim/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ route, faults }),
	});
	if (!response.ok) throw new Error(`the simulator's faults: ${response.status}`);
}

module.exports = { simReport, simTasks, simFaults };
