// Every request the node sends goes through this folder: auth, base URL, deadlines, the
// concurrency limit, retries, downloads. It imports nothing from the rest of the node (imports
// run node → actions → helpers → transport). This index exports by name what the rest of the
// node uses, and nothing else (tests import the module they test). The modules:
//   clock           time and cancellation: sleeps, the Stop error, each attempt's deadline signal
//   session         one execution's credential, concurrency limit and log; scrub keeps the key out
//   gatewayAnswers  reading the gateway's envelopes (task, status, message), and their size limit
//   failures        the words a user sees when something fails, and what to do; asNodeError
//   retries         which failures are retried (decideRetry, pure) and the retry loop
//   request         one API call to the gateway, with the key
//   fileHost        reaching the video host: the address guard, the redirects hop by hop
//   download        one file streamed to its consumer: the stall watch, tried again from the start
export { cancellableSleep, isCancellation } from './clock';
export type { DownloadOutcome, DownloadStream } from './download';
export { download, RefusedFile } from './download';
export type { RequestFailure } from './failures';
export {
	asNodeError,
	describeNetworkCode,
	fetchLater,
	GATEWAY_TASK_LIST,
	httpError,
	requestError,
} from './failures';
export { guardFor } from './fileHost';
export {
	apiMessage,
	asNumber,
	asObject,
	effectiveStatus,
	taskIdOf,
	taskObjectOf,
} from './gatewayAnswers';
export { apiRequest } from './request';
export { isTransientStatus } from './retries';
export type { ApiSession } from './session';
export {
	CREDENTIAL_TYPE,
	normalizeBaseUrl,
	openSession,
	parseHttpUrl,
	scrub,
	scrubDeep,
} from './session';
