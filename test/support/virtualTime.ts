/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// The tests' clock. Every test runs on virtual time: Date, setTimeout and setInterval are
// @sinonjs/fake-timers' (so n8n's sleep, the node's deadlines, back-offs and poll waits, the
// simulators' task durations and delays all use it), while HTTP stays real (real sockets on
// 127.0.0.1). Virtual time moves only when the process has nothing left to do but wait for a
// timer: no byte in flight on any connection between the node and a simulator, no connection
// being opened, no file or other system request pending, no queued callback. Then the clock
// jumps to the next timer and fires it. So a "2 s" Request Timeout is exactly 2 s of the test's
// time however slow the machine is, an answer that was sent always arrives before any timer
// can fire, and a seed is a complete description of a run: the verdict cannot depend on load.
// (Determinism in the style of FoundationDB's and TigerBeetle's simulation tests, with the
// network left real.)
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

import FakeTimers from '@sinonjs/fake-timers';

// Captured before the fakes go in: the driver runs on the real event loop.
const realSetImmediate = globalThis.setImmediate;
const realSetTimeout = globalThis.setTimeout;

/** Sockets on 127.0.0.1, by "local port>remote port", so each end can find its peer. */
const sockets = new Map<string, Socket>();
const keyOf = (socket: Socket) => `${socket.localPort}>${socket.remotePort}`;
const peerKey = (socket: Socket) => `${socket.remotePort}>${socket.localPort}`;
const opening = new Set<Socket>();

function track(socket: Socket) {
	// The key is taken once connected: a closed socket no longer knows its ports.
	let key: string | undefined;
	const register = () => {
		opening.delete(socket);
		if (socket.localPort === undefined || socket.destroyed) return;
		key = keyOf(socket);
		sockets.set(key, socket);
	};
	if (socket.localPort === undefined || socket.connecting) {
		opening.add(socket);
		socket.once('connect', register);
	} else register();
	socket.once('close', () => {
		opening.delete(socket);
		if (key !== undefined && sockets.get(key) === socket) sockets.delete(key);
	});
}

const onSocket = ({ socket }: { socket: Socket }) => track(socket);

/** A connection with bytes written by one end that the other has not read yet, if any. */
function bytesInFlight(): string | undefined {
	for (const [key, socket] of sockets) {
		const peer = sockets.get(peerKey(socket));
		// The other end is not accepted yet, or has closed and this end has not seen it yet.
		if (!peer) {
			if (!socket.destroyed)
				return `${key}: no peer (readable ${socket.readable}, writable ${socket.writable})`;
			continue;
		}
		if (socket.bytesWritten > peer.bytesRead)
			return `${key}: ${socket.bytesWritten - peer.bytesRead} bytes unread`;
	}
	return undefined;
}

// Handles that are open while idle; anything else (a file request, a DNS lookup, a connect, a
// queued callback) is work in progress.
const IDLE_RESOURCES = new Set([
	'TCPSocketWrap',
	'TCPServerWrap',
	'TTYWrap',
	'PipeWrap',
	'Timeout',
	'FileHandle',
	'SignalWrap',
	'ProcessWrap',
	'StatWatcher',
	'FSEventWrap',
	'TLSWrap',
]);

/** Why the process is not idle, or undefined when it is. */
function busy(): string | undefined {
	if (opening.size) return 'a connection is opening';
	const working = process.getActiveResourcesInfo().filter((type) => !IDLE_RESOURCES.has(type));
	if (working.length) return working.join(', ');
	return bytesInFlight();
}

// Math.random too is the test's: seeded, so the node's back-off jitter is the same on every run.
const realRandom = Math.random;
let randomState = 0;
function seededRandom(): number {
	// mulberry32
	randomState = (randomState + 0x6d2b79f5) | 0;
	let t = randomState;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Starts Math.random's sequence again from `seed` (the fuzz suite seeds each run by its plan). */
export function reseedRandom(seed: string) {
	let hash = 2166136261;
	for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
	randomState = hash | 0;
}

/** Event-loop turns the process must stay idle before the clock moves (each turn polls I/O). */
const QUIET_TURNS = 3;

export interface VirtualClock {
	clock: FakeTimers.InstalledClock;
	stop: () => void;
}

let installed: VirtualClock | undefined;

/** Installs the fake clock and the driver that moves it when the process is idle. */
export function installVirtualTime(): VirtualClock {
	if (installed) return installed;
	diagnostics.subscribe('net.client.socket', onSocket as never);
	diagnostics.subscribe('net.server.socket', onSocket as never);
	const clock = FakeTimers.install({
		toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
		now: Date.parse('2026-12-01T12:00:00Z'),
		loopLimit: 1_000_000,
	});
	reseedRandom('veo3');
	Math.random = seededRandom;
	let running = true;
	let quiet = 0;
	let busySince = 0;
	const turn = () => {
		if (!running) return;
		const why = busy();
		if (why) {
			// Real I/O takes microseconds here; seconds of it mean the driver misreads something.
			busySince ||= performance.now();
			if (performance.now() - busySince > 10_000) {
				process.stderr.write(`virtual time: busy for 10 s of real time: ${why}\n`);
				busySince = performance.now();
			}
			quiet = 0;
		} else {
			busySince = 0;
			quiet++;
		}
		if (quiet >= QUIET_TURNS && clock.countTimers() > 0) {
			quiet = 0;
			clock.next();
		}
		// Nothing to do and nothing to wait for on the virtual clock: check again in a
		// millisecond instead of spinning (real time, the driver's own pace only).
		if (quiet >= QUIET_TURNS) realSetTimeout(turn, 1);
		else realSetImmediate(turn);
	};
	realSetImmediate(turn);
	installed = {
		clock,
		stop: () => {
			running = false;
			clock.uninstall();
			Math.random = realRandom;
			diagnostics.unsubscribe('net.client.socket', onSocket as never);
			diagnostics.unsubscribe('net.server.socket', onSocket as never);
			installed = undefined;
		},
	};
	return installed;
}

/** The virtual clock of this test file. */
export function virtualClock(): FakeTimers.InstalledClock {
	if (!installed) throw new Error('virtual time is not installed (test/support/teardown.ts)');
	return installed.clock;
}
