// Every request the node sends goes through this folder: auth, base URL, deadlines, the
// concurrency limit, retries, downloads. It imports nothing from the rest of the node (imports
// run node → actions → helpers → transport). One module per concern:
//   clock        sleeps, cancellation, the per-attempt deadline signal
//   session      the credential, the limit and the log of one execution
//   answers      reading the gateway's envelopes (pure)
//   retryPolicy  which failures are retried (pure); retries.ts runs the loop
//   request      one API call; download.ts one file from the video host
//   addressGuard which hosts a download may reach
//   messages     the words of a failed request; scrub.ts keeps the key out of everything
export * from './addressGuard';
export * from './answers';
export * from './clock';
export * from './download';
export * from './messages';
export * from './networkCodes';
export * from './request';
export * from './retries';
export * from './retryPolicy';
export * from './scrub';
export * from './session';
