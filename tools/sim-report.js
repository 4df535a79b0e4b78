'use strict';
// What the API simulator (in its own process) says happened: its /__sim/report.

/**
 * @typedef {object} SimTaskReport
 * @property {string} id
 * @property {string} prompt
 * @property {number} createdAt
 * @property {number} finishedAt
 * @property {number | null} firstNoticedAt
 * @property {number} polls the status requests for it
 */
/**
 * @typedef {object} SimReport
 * @property {number} videosServed
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

module.exports = { simReport, simTasks };
