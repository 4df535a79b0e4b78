'use strict';
// npm run release <version>: bumps package.json (and the lockfile), moves CHANGELOG.md's
// Unreleased section under the new version with today's date, commits, and tags v<version>.
// Publishing stays in .github/workflows/publish.yml (it runs on the pushed tag, with provenance):
// push with `git push --follow-tags`. Refuses uncommitted changes to tracked files, a version not above the current one,
// and an empty Unreleased section. `--dry-run` prints what it would write and changes nothing.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');
const REPO = 'https://github.com/n8n-nodes-veo3/n8n-nodes-veo3';

/** @param {string[]} args */
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
	process.stderr.write(`release: ${message}\n`);
	process.exit(1);
}

/**
 * Whether version `a` is above `b`.
 * @param {string} a
 * @param {string} b
 */
const newer = (a, b) => {
	const [x, y] = [a, b].map((v) => v.split('.').map(Number));
	for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
	return false;
};

/**
 * The changelog with Unreleased moved under `version` (and a fresh, empty Unreleased).
 * @param {string} text
 * @param {string} version
 * @param {string} current
 * @param {string} date
 */
function releasedChangelog(text, version, current, date) {
	const start = text.indexOf('## [Unreleased]');
	if (start < 0) fail('CHANGELOG.md has no "## [Unreleased]" section');
	const next = text.indexOf('\n## [', start + 1);
	const body = text.slice(start + '## [Unreleased]'.length, next < 0 ? undefined : next).trim();
	if (!body) fail('the Unreleased section of CHANGELOG.md is empty: say what changed first');
	const rest = next < 0 ? '' : text.slice(next + 1);
	const links = rest.replace(
		/^\[Unreleased\]: .*$/m,
		`[Unreleased]: ${REPO}/compare/v${version}...HEAD\n[${version}]: ${REPO}/compare/v${current}...v${version}`,
	);
	return `${text.slice(0, start)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${body}\n\n${links}`;
}

function main() {
	const args = process.argv.slice(2);
	const dryRun = args.includes('--dry-run');
	const version = args.find((arg) => !arg.startsWith('--'));
	if (!version || !/^\d+\.\d+\.\d+$/.test(version))
		fail('usage: npm run release -- <major.minor.patch> [--dry-run]');
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	if (!newer(version, pkg.version)) fail(`${version} is not above the current ${pkg.version}`);
	if (!dryRun && git('status', '--porcelain', '--untracked-files=no'))
		fail('the work tree has uncommitted changes');
	const date = new Date().toISOString().slice(0, 10);
	const changelog = releasedChangelog(
		fs.readFileSync(CHANGELOG, 'utf8'),
		version,
		pkg.version,
		date,
	);
	if (dryRun) {
		process.stdout.write(changelog);
		return;
	}
	fs.writeFileSync(CHANGELOG, changelog);
	execFileSync('npm', ['version', version, '--no-git-tag-version'], { cwd: ROOT, stdio: 'ignore' });
	git('add', 'CHANGELOG.md', 'package.json', 'package-lock.json');
	git('commit', '-m', `Release ${version}`);
	git('tag', '-a', `v${version}`, '-m', `n8n-nodes-veo3 ${version}`);
	process.stdout.write(`tagged v${version}; publish with: git push --follow-tags\n`);
}

main();
