// Rule 3 of never buying twice (index.ts): task IDs also go into the execution's custom data
// (`$execution.customData`), which n8n saves with the execution even when it is stopped before
// the node returns (in queue mode the worker saves at once on Stop, without the node's error):
// the paid tasks are then in the stored execution, not only in a log. n8n allows 10 keys per
// execution (shared with the workflow's own), so we use at most 3, each up to 255 characters.
// In queue mode n8n's main can overwrite the worker's copy on Stop (docs/SCALING.md, "Stop"): the
// worker's log line still names the tasks.
import type { ApiSession } from '../../transport';
import { scrub } from '../../transport';

const CUSTOM_DATA_KEYS = ['veo3_task_ids', 'veo3_task_ids_2', 'veo3_task_ids_3'];
const CUSTOM_DATA_MAX = 255;

export function recordTaskInExecution(session: ApiSession, rawTaskId: string) {
	const taskId = scrub(session.apiKey, rawTaskId).replace(/,/g, '%2C').slice(0, CUSTOM_DATA_MAX);
	try {
		const customData = session.ctx.getWorkflowDataProxy(0).$execution?.customData;
		if (!customData) return;
		for (const key of CUSTOM_DATA_KEYS) {
			const ids = String(customData.get(key) ?? '');
			if (ids.split(',').includes(taskId)) return;
			if (ids.length + taskId.length + 1 > CUSTOM_DATA_MAX) continue;
			customData.set(key, ids ? `${ids},${taskId}` : taskId);
			return;
		}
	} catch {
		// Bookkeeping only: the task ID is still in the output, the error and the log.
	}
}
