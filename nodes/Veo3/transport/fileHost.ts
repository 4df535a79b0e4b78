// Which hosts a download may reach. The video host is named by the gateway's answer, so a
// hostile or broken gateway could point the node at this machine or the network it runs in
// (loopback, private ranges, link-local, cloud metadata). Those are refused, before the request
// when the URL names them and after the connection when a name resolved to them, unless the
// host is the Base URL's own (a local gateway serving its files) or one the user listed in the
// credential's Allowed Private Hosts.
export interface AddressGuard {
	/** host:port of the Base URL. */
	baseHost: string;
	/** host or host:port entries, lower case. */
	allowed: string[];
}

/** The port of a URL, explicit or the protocol's default. */
function hostWithPort(url: URL): string {
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	return `${url.hostname.replace(/^\[|\]$/g, '')}:${port}`.toLowerCase();
}

export function guardFor(baseUrl: string, allowed: string[]): AddressGuard {
	return { baseHost: hostWithPort(new URL(baseUrl)), allowed };
}

function v4Private(ip: string): boolean {
	const [a, b] = ip.split('.').map(Number);
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b < 128) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b < 32) ||
		(a === 192 && b === 168) ||
		(a === 192 && b === 0) ||
		(a === 198 && (b === 18 || b === 19)) ||
		a >= 224
	);
}

/** Loopback, private, shared, link-local (metadata), multicast or unspecified addresses. */
function isPrivateAddress(address: string): boolean {
	const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
	// No node:net here (n8n's rules for verified nodes allow node:crypto only): URLs and sockets
	// give addresses in canonical form, which these patterns read.
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return v4Private(ip);
	if (!ip.includes(':') || !/^[0-9a-f:.]+$/.test(ip)) return false;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
	if (mapped) return v4Private(mapped);
	if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(ip)) return true;
	return ip === '::' || ip === '::1' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip) || /^ff/.test(ip);
}

const PRIVATE_NAMES =
	/^(localhost|metadata|metadata\.google\.internal|instance-data)$|\.localhost$/;

function allowedHost(guard: AddressGuard, url: URL): boolean {
	const host = hostWithPort(url);
	const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === guard.baseHost || guard.allowed.includes(host) || guard.allowed.includes(name);
}

/** Why the URL may not be fetched before connecting, or undefined when it may. */
export function refusedTarget(guard: AddressGuard, url: URL): string | undefined {
	if (allowedHost(guard, url)) return undefined;
	const name = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (isPrivateAddress(name) || PRIVATE_NAMES.test(name)) return `a private address (${url.host})`;
	return undefined;
}

/** Why the connection just made may not be read, or undefined when it may. */
export function refusedConnection(
	guard: AddressGuard,
	url: URL,
	remoteAddress: string | undefined,
): string | undefined {
	if (!remoteAddress || allowedHost(guard, url)) return undefined;
	return isPrivateAddress(remoteAddress)
		? `a host that resolved to a private address (${url.host} → ${remoteAddress})`
		: undefined;
}
