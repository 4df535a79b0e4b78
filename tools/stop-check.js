'use strict';
// The Stop check of the real-n8n scripts (e2e: `n8n start`, queue: a worker): a Stop while the
// node waits for a video stops it within 2 s, and no status request for its task follows.
const assert = require('node:assert/strict');

const { executionsOf, storedExecution } = require('./n8n-rest');
const { simTasks } = require('./sim-report');
const { waitFor } = require('./wait-for');

/** @typedef {import('./sim-report').SimTaskReport} SimTaskReport */
/** @typedef {import('./n8n-rest').ExecutionSummary} ExecutionSummary */

/**
 * No status request for the stopped task, checked against a witness (an execution of the same
 * workflow started with it and still running, on the same poll schedule) instead of a fixed
 * wait: once the witness has made two status requests since the stop, a poll loop the Stop left
 * running would have made one.
 * @param {import('./n8n-runtime').Sim} sim
 * @param {string} stoppedTaskId
 * @param {string} witnessTaskId
 */
async function assertNoPollAfterStop(sim, stoppedTaskId, witnessTaskId) {
	/** @param {string} id */
	const pollsOf = async (id) => {
		const task = (await simTasks(sim)).find((t) => t.id === id);
		if (!task) throw new Error(`the simulator has no task ${id}`);
		return task.polls;
	};
	const stopped = await pollsOf(stoppedTaskId);
	const witness = await pollsOf(witnessTaskId);
	await waitFor(
		'two status requests of the witness execution',
		async () => (await pollsOf(witnessTaskId)) >= witness + 2,
		60_000,
	);
	const after = await pollsOf(stoppedTaskId);
	if (after !== stopped)
		throw new Error(`no status request after the stop: ${after - stopped} were sent`);
}

/**
 * Starts two executions of `workflowId` (`start()` starts one) and waits until both run and
 * have created their task; stops the newer through the REST API, as the editor's Stop button
 * does. `watchStop(execution)`, called (and awaited) before the Stop is sent, returns a function that
 * resolves once the node has stopped, which must be within 2 s;
 * `stoppedTask` returns the task the stopped execution names (where it is named depends on
 * the script) and checks how. Then no status request for that task may follow (checked against
 * the other execution, the witness), and the witness is stopped too.
 * @param {object} how
 * @param {import('./n8n-runtime').Sim} how.sim
 * @param {import('./n8n-rest').Rest} how.rest
 * @param {string} how.workflowId
 * @param {() => Promise<void>} how.start
 * @param {(execution: ExecutionSummary) => (() => Promise<void>) | Promise<() => Promise<void>>} how.watchStop
 * @param {(execution: ExecutionSummary, tasks: SimTaskReport[]) => Promise<SimTaskReport>} how.stoppedTask
 */
async function stopWithWitness({ sim, rest, workflowId, start, watchStop, stoppedTask }) {
	const before = (await simTasks(sim)).length;
	for (let i = 0; i < 2; i++) await start();
	const [running, witness] = await waitFor(
		'the two running executions',
		async () => {
			const executions = (await executionsOf(rest, workflowId)).filter(
				(execution) => execution.status === 'running',
			);
			return executions.length === 2 && (await simTasks(sim)).length >= before + 2
				? executions
				: undefined;
		},
		30_000,
	);
	const untilStopped = await watchStop(running);
	const stoppedAt = Date.now();
	await rest('POST', `/executions/${running.id}/stop`);
	await untilStopped();
	const took = Date.now() - stoppedAt;
	assert.ok(took < 2000, `the node stopped ${took} ms after Stop`);
	const tasks = (await simTasks(sim)).slice(before);
	const task = await stoppedTask(running, tasks);
	const witnessTask = tasks.find((t) => t !== task);
	assert.ok(witnessTask, `the witness's task among ${JSON.stringify(tasks)}`);
	await assertNoPollAfterStop(sim, task.id, witnessTask.id);
	await rest('POST', `/executions/${witness.id}/stop`);
	await waitFor(
		'the witness to stop',
		async () => (await storedExecution(rest, witness.id)).status === 'canceled',
		15_000,
	);
}

module.exports = { stopWithWitness };
