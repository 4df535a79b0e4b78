// Every test file runs on virtual time (see virtualTime.ts); jest.config.js loads this after the
// test framework, so jest's own timeouts stay on real time. Each test starts on a whole minute of
// virtual time, so what a test sees (the gateway's whole-second timestamps, say) does not depend
// on the tests before it.
import { installVirtualTime } from './virtualTime';

const virtualTime = installVirtualTime();

beforeEach(() => {
	const { clock } = virtualTime;
	clock.setSystemTime(Math.ceil((clock.now + 1) / 60_000) * 60_000);
});

afterAll(() => virtualTime.stop());
