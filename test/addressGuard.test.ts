// Which hosts a video download may reach, as a table (the fuzz suite runs it end to end).
import { guardFor, refusedConnection, refusedTarget } from '../nodes/Veo3/transport/fileHost';
import { parseHostList } from '../nodes/Veo3/transport/session';

const guard = guardFor('https://gw.example.com', parseHostList('files.internal, 10.0.0.5:8080'));
const target = (url: string) => refusedTarget(guard, new URL(url));

test.each([
	'http://127.0.0.1/v.mp4',
	'http://2130706433/v.mp4', // 127.0.0.1 written as a number: the URL parser makes it canonical
	'http://0x7f.1/v.mp4',
	'http://localhost:8080/v.mp4',
	'http://a.localhost/v.mp4',
	'http://10.1.2.3/v.mp4',
	'http://10.0.0.5:9090/v.mp4', // listed, but only on port 8080
	'http://172.16.0.1/v.mp4',
	'http://192.168.1.1/v.mp4',
	'http://100.64.0.1/v.mp4',
	'http://169.254.169.254/latest/meta-data',
	'http://metadata.google.internal/v.mp4',
	'http://0.0.0.0/v.mp4',
	'http://[::1]/v.mp4',
	'http://[fd00:ec2::254]/v.mp4',
	'http://[fe80::1]/v.mp4',
	'http://[::ffff:10.0.0.1]/v.mp4',
])('%s is refused before connecting', (url) => {
	expect(target(url)).toMatch(/^a private address/);
});

test.each([
	'https://cdn.example.com/v.mp4',
	'http://8.8.8.8/v.mp4',
	'http://[2606:4700::1111]/v.mp4',
	'https://gw.example.com/files/v.mp4', // the Base URL's own host
	'http://files.internal/v.mp4', // listed as a host: any port
	'http://10.0.0.5:8080/v.mp4', // listed as host:port
])('%s may be fetched', (url) => {
	expect(target(url)).toBeUndefined();
});

test('a public name that resolved to a private address is refused after connecting; a listed one is not', () => {
	expect(refusedConnection(guard, new URL('https://cdn.example.com/v'), '10.0.0.7')).toMatch(
		/resolved to a private address \(cdn\.example\.com → 10\.0\.0\.7\)/,
	);
	expect(
		refusedConnection(guard, new URL('https://cdn.example.com/v'), '::ffff:127.0.0.1'),
	).toBeDefined();
	expect(
		refusedConnection(guard, new URL('https://cdn.example.com/v'), '93.184.216.34'),
	).toBeUndefined();
	expect(refusedConnection(guard, new URL('http://files.internal/v'), '10.0.0.9')).toBeUndefined();
});
