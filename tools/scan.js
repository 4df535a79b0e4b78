'use strict';
// Part of `npm run lint`: the lint of n8n's verification scanner (@n8n/scan-community-package),
// run with the scanner's own code, not a copy of its settings. The scanner lints a package twice:
// the source its npm provenance points at (package.json, nodes/, credentials/) and the published
// tarball (its .js and package.json). It applies the rules of eslint-plugin-n8n-nodes-base as well
// as the community-node rules our eslint config runs, and it ignores eslint-disable comments.
// The scanner is installed once into a cache folder from the lockfile in tools/scanner/ (without
// install scripts: eslint-plugin-n8n-nodes-base's preinstall runs `npx only-allow pnpm`).
// The tarball leg needs a build (`npm run build`); without dist/ it is skipped and says so.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const rt = require('./n8n-runtime');

const { ROOT } = rt;
const SPEC = path.join(__dirname, 'scanner');

function ensureScanner() {
	const lock = fs.readFileSync(path.join(SPEC, 'package-lock.json'));
	const hash = crypto.createHash('sha256').update(lock).digest('hex').slice(0, 16);
	const dir = path.join(rt.CACHE_ROOT, `scanner-${hash}`);
	if (!fs.existsSync(path.join(dir, '.installed'))) {
		console.log(`[veo3] installing n8n's community package scanner into ${dir} (first time only)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of ['package.json', 'package-lock.json'])
			fs.copyFileSync(path.join(SPEC, file), path.join(dir, file));
		execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: 'inherit',
		});
		fs.writeFileSync(path.join(dir, '.installed'), '');
	}
	return path.join(dir, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
}

/**
 * The published tarball, unpacked into a temporary folder (npm pack takes what `files` lists).
 * @param {string} tmp
 */
function unpackTarball(tmp) {
	execFileSync('tar', ['-xzf', rt.packPackage(tmp), '-C', tmp]);
	return path.join(tmp, 'package');
}

async function main() {
	const scanner = await import(pathToFileURL(ensureScanner()).href);
	const legs = [['source', ROOT, scanner.SOURCE_FILE_PATTERNS]];
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-scan-'));
	try {
		if (fs.existsSync(path.join(ROOT, 'dist/nodes/Veo3/Veo3.node.js'))) {
			legs.push(['tarball', unpackTarball(tmp), ['**/*.js', 'package.json']]);
		} else {
			console.log('[veo3] scanner: tarball leg skipped (no dist/; run `npm run build` first)');
		}
		let failed = false;
		for (const [leg, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			console.log(
				`[veo3] scanner, ${leg}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}`,
			);
			if (result.details) console.log(result.details);
			failed ||= !result.passed;
		}
		process.exitCode = failed ? 1 : 0;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
