// Every request the node sends goes through this folder: auth, base URL, deadlines, the
// concurrency limit, retries, downloads. It imports nothing from the rest of the node (imports
// run node → actions → helpers → transport). What the rest of the node may use is exported here
// by name; the rest is the folder's own. One module per concern:
//   clock        sleeps, cancellation, the per-attempt deadline signal
//   session      the credential, the concurrency limit, the log of one execution; scrub
//   gatewayAnswers reading the gateway's envelopes (pure)
//   retries      which failures are retried (pure) and the retry loop
//   request      one API call; download.ts one file from the video host
//   fileHost     which hosts a download may reach, and the redirects followed hop by hop
//   failures     network codes and the words of a failed request
export { guardFor, refusedConnection, refusedTarget } from './fileHost';
export { apiMessage, asNumber, asObject, taskIdOf, taskObjectOf } from './gatewayAnswers';
export { cancellableSleep, isCancellation } from './clock';
export type { DownloadOutcome, DownloadStream } from './download';
export { download, RefusedFile } from './download';
export type { RequestFailure } from './failures';
export { describeNetworkCode, httpError, networkCode, requestError } from './failures';
export { apiRequest } from './request';
export type { Attempt } from './gatewayAnswers';
export { effectiveStatus } from './gatewayAnswers';
export type { Decision, RequestKind, RetryRules } from './retries';
export { decideRetry, isTransientStatus, RETRY_FLOOR_MS } from './retries';
export type { ApiSession } from './session';
export {
	CREDENTIAL_TYPE,
	honoursIdempotency,
	normalizeBaseUrl,
	openSession,
	parseHostList,
	parseHttpUrl,
	scrub,
	scrubDeep,
} from './session';
