'use strict';
// `npm run test:ui`: the first five minutes of a new user, in n8n's editor, in a real browser
// (Debian's Chromium driven by playwright-core): sign in, find the node by the words people type,
// add it, check which fields show for each Image Input and Return, run the demo and play the
// video. Screenshots go to ui-screenshots/ (not in git); `npm run screenshots` also writes the
// README's pictures to docs/images/.
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { runSuite } = require('./check-runner');
const cleanup = require('./cleanup');
const rt = require('./n8n-runtime');
const { loginRest, runData } = require('./n8n-rest');
const { aptInstall } = require('./services');
const { waitFor } = require('./wait-for');

/** @typedef {import('playwright-core').Page} Page */
/**
 * @typedef {object} Demo A running `npm start`.
 * @property {string} output what it printed
 * @property {string} atBanner what it had printed when its banner appeared
 * @property {{ email: string, password: string } | undefined} login the login its banner gave
 * @property {() => Promise<void>} stop Ctrl-C, as a user stops it
 */
/**
 * @typedef {object} Ui One n8n version's run in the editor.
 * @property {string} version
 * @property {ReturnType<typeof rt.ensureN8n>} runtime the n8n it runs
 * @property {import('./cleanup').Scope} scope
 * @property {number} port
 * @property {string} base the editor's address
 * @property {boolean} firstVersionRun whether it is the first version this run checks
 * @property {string} demoFolder npm start's folder
 * @property {Demo} demo
 * @property {Page} page the browser's page
 * @property {(name: string) => Promise<void>} shot a screenshot, into ui-screenshots/<version>/
 */

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(rt.ROOT, 'ui-screenshots');
const README_IMAGES = path.join(rt.ROOT, 'docs/images');
/** @type {import('./workflow-json').Workflow} */
const DEMO = JSON.parse(
	fs.readFileSync(path.join(rt.ROOT, 'examples/demo-simulator.json'), 'utf8'),
);
const EXAMPLES = path.join(rt.ROOT, 'examples');

function ensureChromium() {
	if (!fs.existsSync(CHROMIUM)) aptInstall(['chromium'], 'test:ui');
}

/**
 * The fields the open node panel shows (top level), by parameter name, top to bottom.
 * @param {Page} page
 */
async function shownFields(page) {
	// The Settings tab's fields live in the same container.
	const settings = [
		'alwaysOutputData',
		'executeOnce',
		'retryOnFail',
		'onError',
		'notes',
		'notesInFlow',
	];
	const fields = await page.getByTestId('node-parameters').evaluate((root) => {
		/** @type {Record<string, string>} */
		const collections = { Options: 'options', 'Advanced Options': 'advancedOptions' };
		const items = [...root.querySelectorAll('[data-test-id="parameter-item"]')].filter(
			(item) => !item.parentElement?.closest('[data-test-id="parameter-item"]'),
		);
		return items.map((item) => {
			const input = item.querySelector('[data-test-id^="parameter-input-"]');
			const label = item.querySelector('label')?.textContent?.trim() ?? '';
			return (
				collections[label] ??
				input?.getAttribute('data-test-id')?.replace('parameter-input-', '') ??
				label
			);
		});
	});
	return fields.filter((name) => !settings.includes(name));
}

/**
 * Runs `npm start` (tools/start.js) for pinned n8n `version` in `folder`; resolves once its
 * banner is printed, with its output, the demo login it printed (if any) and a stop function.
 * Stopped when `scope` closes, also while n8n is still starting.
 * @param {string} version
 * @param {string} folder
 * @param {number} port
 * @param {import('./cleanup').Scope} scope
 * @returns {Promise<Demo>}
 */
async function startDemo(version, folder, port, scope) {
	cleanup.refuseIfInterrupted('npm start');
	const child = spawn(process.execPath, [path.join(rt.ROOT, 'tools/start.js')], {
		env: {
			...process.env,
			VEO3_DEMO_FOLDER: folder,
			N8N_PORT: String(port),
			VEO3_N8N_VERSION: version,
			VEO3_SKIP_BUILD: '1',
			SIM_TASK_MS: '3000',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = /** @type {number} */ (child.pid);
	/** @type {Demo} */
	const demo = {
		output: '',
		atBanner: '',
		login: undefined,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(pid, 'SIGINT');
			const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 40_000);
			await exited;
			clearTimeout(timer);
		},
	};
	child.stdout.on('data', (chunk) => (demo.output += chunk));
	child.stderr.on('data', (chunk) => (demo.output += chunk));
	// Stopped with the run, also when it is interrupted while n8n starts.
	scope.defer(() => demo.stop());
	await waitFor(
		'the npm start banner',
		() =>
			/Ctrl\+C stops n8n and the simulator\.\n={78}\n/.test(demo.output) || child.exitCode !== null,
		600_000,
	);
	if (child.exitCode !== null) throw new Error(`npm start exited:\n${demo.output.slice(-3000)}`);
	// n8n logs at warning level under npm start: half a second later the banner is still last.
	await new Promise((resolve) => setTimeout(resolve, 500));
	demo.atBanner = demo.output;
	const login = /Sign in as (\S+), password (\S+) /.exec(demo.output);
	demo.login = login ? { email: login[1], password: login[2] } : undefined;
	return demo;
}

/** The key the simulator (and so the demo credential) uses. */
// The simulator is TypeScript (test/simulator/); this lets Node load it.
require('./typescript');
const SIM_KEY = require('../test/simulator').createSimulator().config.apiKey;
/** A key a user would put into the demo credential (never sent: the check only restarts npm start). */
const USER_KEY = 'sk-user-real-key-5c1e9a';
const DEMO_CREDENTIAL_ID = (() => {
	const credential = DEMO.nodes.find((node) => node.credentials?.veo3Api)?.credentials?.veo3Api;
	if (!credential) throw new Error('the demo workflow has no Veo3 credential');
	return credential.id;
})();

/** @param {string} dir */
function filesUnder(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
		.filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

/**
 * Picks an option of an options field in the open node panel.
 * @param {Page} page
 * @param {string} field
 * @param {string} option
 */
async function choose(page, field, option) {
	await page.getByTestId(`parameter-input-${field}`).click();
	await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
	// Done when the field shows the choice (the panel has re-rendered for it).
	await waitFor(
		`${field} to show "${option}"`,
		async () =>
			(await page.getByTestId(`parameter-input-${field}`).locator('input').first().inputValue()) ===
			option,
		10_000,
	);
}

// ---------------------------------------------------------------------------------------------
// One n8n version's run: `npm start` in a fresh folder and a browser; each check is a named
// function of the run's context `ui` (page, base, demo); everything started is stopped by
// `ui.scope`.
// ---------------------------------------------------------------------------------------------

const BROWSER_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** @param {Ui} ui */
async function bannerLinkAndLoginLandOnTheDemo(ui) {
	const { demo, page } = ui;
	const rule = '='.repeat(78);
	const end = demo.atBanner.lastIndexOf(rule);
	const banner = demo.atBanner.slice(demo.atBanner.lastIndexOf(rule, end - 1), end);
	assert.match(
		demo.atBanner.trimEnd(),
		/={78}$/,
		`the banner is the last thing printed:\n${demo.atBanner.slice(-600)}`,
	);
	const link = /^ {4}(http\S+)$/m.exec(banner)?.[1];
	const login = /Sign in as (\S+), password (\S+) \(set up for this demo\)/.exec(banner);
	assert.equal(link, `${ui.base}/signin?redirect=${encodeURIComponent(`/workflow/${DEMO.id}`)}`);
	assert.ok(login, banner);
	await page.goto(link);
	await signIn(page, { email: login[1], password: login[2] });
	await page.waitForURL(new RegExp(`/workflow/${DEMO.id}`), { timeout: 30_000 });
	await page.locator('[data-test-id="canvas-node"][data-node-name="Veo3"]').waitFor();
}

/**
 * Goes to `url` (leaving unsaved edits) and waits for `ready`; signs in first if the editor asks,
 * which it does only when VEO3_E2E_GREP left out the first check (it signs in).
 * @param {Ui} ui
 * @param {string} url
 * @param {import('playwright-core').Locator} ready
 */
async function openSignedIn(ui, url, ready) {
	const { page } = ui;
	await leaveFor(page, url);
	const signInPage = page.locator('input[name=emailOrLdapLoginId]');
	await ready.or(signInPage).first().waitFor();
	if (await signInPage.isVisible()) {
		assert.ok(ui.demo.login, 'npm start printed a login');
		await signIn(page, ui.demo.login);
		await ready.waitFor();
	}
}

/**
 * Fills in the sign-in page the browser shows.
 * @param {Page} page
 * @param {{ email: string, password: string }} login
 */
async function signIn(page, login) {
	await page.locator('input[name=emailOrLdapLoginId]').fill(login.email);
	await page.locator('input[type=password]').fill(login.password);
	await page.keyboard.press('Enter');
}

/**
 * Types `word` into the nodes panel's search and returns the names it lists once the list has
 * settled (the same names twice in a row, 100 ms apart), not after a fixed wait.
 * @param {Page} page
 * @param {string} word
 */
async function searchNodes(page, word) {
	await page.getByTestId('node-creator-search-bar').fill(word);
	/** @type {string[] | undefined} */
	let before;
	return await waitFor(
		`the nodes panel's results for "${word}"`,
		async () => {
			await new Promise((resolve) => setTimeout(resolve, 100));
			const names = await page.getByTestId('node-creator-item-name').allInnerTexts();
			const same = before !== undefined && JSON.stringify(names) === JSON.stringify(before);
			before = names;
			return same && names.length ? names : undefined;
		},
		10_000,
	);
}

/** @param {Ui} ui */
async function nodePanelFindsVeo3(ui) {
	const { page } = ui;
	const plus = page.getByTestId('node-creator-plus-button');
	await openSignedIn(ui, `${ui.base}/workflow/new`, plus);
	await plus.click();
	for (const word of ['veo', 'video', 'text to video', 'apimart']) {
		const names = await searchNodes(page, word);
		assert.ok(names.includes('Veo3'), `"${word}" lists ${JSON.stringify(names.slice(0, 8))}`);
		if (word === 'veo')
			assert.equal(names[0], 'Veo3', `"veo" lists ${JSON.stringify(names.slice(0, 8))}`);
	}
	await searchNodes(page, 'veo');
	await ui.shot('search');
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Veo3$/ })
		.first()
		.click();
	const actions = await page.getByTestId('node-creator-item-name').allInnerTexts();
	for (const action of [
		'Create a video',
		'Extend a video',
		'Get a video task',
		'Get the account balance',
	])
		assert.ok(actions.includes(action), `${action}: ${JSON.stringify(actions)}`);
}

/** @param {Ui} ui */
async function newNodeOpensLean(ui) {
	const { page } = ui;
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Create a video$/ })
		.click();
	await page.getByTestId('node-parameters').waitFor();
	// The panel is drawn when its last field is.
	await waitFor(
		'the panel to show Advanced Options',
		async () => (await shownFields(page)).includes('advancedOptions'),
		10_000,
	);
	assert.deepEqual(await shownFields(page), [
		'operation',
		'modelId',
		'prompt',
		'duration',
		'aspectRatio',
		'resolution',
		'imageInputType',
		'returnAs',
		'options',
		'advancedOptions',
	]);
	await page
		.getByTestId('parameter-input-prompt')
		.locator('textarea')
		.fill('a red kite over a green valley, cinematic');
	await ui.shot('panel');
}

/**
 * Waits until the open node panel shows every field of `shown` and none of `hidden` (it re-renders
 * a moment after a choice), and returns its fields; fails with the fields it shows.
 * @param {Page} page
 * @param {string} what the panel's state, for the message
 * @param {string[]} shown
 * @param {string[]} [hidden]
 */
async function waitForFields(page, what, shown, hidden = []) {
	/** @type {string[]} */
	let fields = [];
	try {
		return await waitFor(
			`${what}: ${shown.join(', ')} shown, ${hidden.join(', ') || 'nothing'} hidden`,
			async () => {
				fields = await shownFields(page);
				const ok =
					shown.every((name) => fields.includes(name)) &&
					!hidden.some((name) => fields.includes(name));
				return ok ? fields : undefined;
			},
			10_000,
		);
	} catch (error) {
		throw new Error(
			`${/** @type {Error} */ (error).message}; the panel shows ${fields.join(', ')}`,
		);
	}
}

/** @param {Ui} ui */
async function imageInputAndReturnShowTheirFields(ui) {
	const { page } = ui;
	await choose(page, 'imageInputType', 'Image From URL');
	await waitForFields(
		page,
		'Image From URL',
		['firstFrameImage', 'lastFrameImage', 'resizeMode'],
		['firstFrameBinaryProperty'],
	);
	await choose(page, 'imageInputType', 'Image From Binary Data');
	await waitForFields(
		page,
		'Image From Binary Data',
		['firstFrameBinaryProperty', 'lastFrameBinaryProperty', 'resizeMode'],
		['firstFrameImage'],
	);
	await choose(page, 'imageInputType', 'None (Text to Video)');
	await waitForFields(
		page,
		'None (Text to Video)',
		[],
		['firstFrameImage', 'firstFrameBinaryProperty', 'resizeMode', 'callbackUrl'],
	);
	await choose(page, 'returnAs', 'Task ID Only');
	await waitForFields(page, 'Return Task ID Only', ['callbackUrl']);
}

/** @param {Ui} ui */
async function modelPickerListsVeoModels(ui) {
	const { page } = ui;
	await page.getByTestId('parameter-input-modelId').locator('input').last().click();
	const list = page
		.locator('[data-test-id="rlc-item"], .el-popper:visible li')
		.filter({ hasText: 'veo3' });
	// The picker first shows the selected model (its name, from the default), then the
	// gateway's list: wait for the list itself.
	await list.filter({ hasText: 'veo3.1-quality-official' }).first().waitFor({ timeout: 10_000 });
	const items = await list.allInnerTexts();
	assert.ok(
		items.some((text) => text.includes('veo3.1-quality-official')),
		JSON.stringify(items),
	);
	assert.ok(!items.some((text) => text.includes('gpt')), JSON.stringify(items));
	await page.keyboard.press('Escape');
}

/** @param {Ui} ui */
async function demoVideoPlays(ui) {
	const { page } = ui;
	await page.goto(`${ui.base}/workflow/${DEMO.id}`);
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByTestId('execute-workflow-button').click();
	await page.locator('[data-test-id="canvas-node"][data-node-name="Veo3"]').dblclick();
	await page.getByTestId('ndv-view-binary-data').waitFor({ timeout: 60_000 });
	await ui.shot('output');
	await page.getByTestId('ndv-view-binary-data').click();
	const video = page.locator('video');
	await video.waitFor({ timeout: 15_000 });
	const media = await waitForMetadata(video);
	assert.ok(media.duration > 3 && media.duration < 5, `the video lasts ${media.duration} s`);
	assert.equal(media.width, 320);
	await ui.shot('video');
}

/**
 * Goes to `url`, leaving the page's unsaved edits (the browser asks first).
 * @param {Page} page
 * @param {string} url
 */
async function leaveFor(page, url) {
	/** @param {import('playwright-core').Dialog} dialog */
	const accept = (dialog) => dialog.accept().catch(() => {});
	page.on('dialog', accept);
	try {
		await page.goto(url);
	} finally {
		page.off('dialog', accept);
	}
}

/** @param {Ui} ui */
async function nodeSitsUnderAI(ui) {
	const { page } = ui;
	await leaveFor(page, `${ui.base}/workflow/${DEMO.id}`);
	await page.locator('[data-test-id="canvas-node"][data-node-name="Veo3"]').waitFor();
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^AI$/ }).first().click();
	// The AI view lists n8n's own "Generate a video" nodes: Veo3 is among them.
	const names = await waitFor(
		'the AI view of the nodes panel',
		async () => {
			const listed = await page.getByTestId('node-creator-item-name').allInnerTexts();
			return listed.includes('OpenAI') && listed.includes('Google Gemini') ? listed : undefined;
		},
		10_000,
	);
	assert.ok(names.includes('Veo3'), `AI lists ${JSON.stringify(names)}`);
	await ui.shot('ai-category');
	await page.keyboard.press('Escape');
}

/**
 * The node's own texts, from the package as built for this run (npm run test:ui builds first).
 * @param {string} operation
 * @param {string} name
 * @returns {string}
 */
function builtDescription(operation, name) {
	const { Veo3 } = require(path.join(rt.ROOT, 'dist/nodes/Veo3/Veo3.node.js'));
	/** @typedef {{ name: string, type: string, description?: string, options?: any[], displayOptions?: { show?: Record<string, unknown[]> } }} Property */
	/** @param {Property} property */
	const show = (property) => property.displayOptions?.show ?? {};
	const fields = new Veo3().description.properties
		// The operation's fields; the newest version's where versions differ.
		.filter((/** @type {Property} */ property) => show(property).operation?.includes(operation))
		.filter((/** @type {Property} */ property) => !show(property)['@version']?.includes(1))
		.flatMap((/** @type {Property} */ property) =>
			property.type === 'collection' ? [property, ...(property.options ?? [])] : [property],
		);
	const field = fields.find((/** @type {Property} */ property) => property.name === name);
	assert.ok(field?.description, `${operation} has a described field ${name}`);
	return field.description;
}

/**
 * Hovers a field's label and its help icon until a tooltip shows `expected` (the field's
 * description in the built node); fails with what the open tooltips and menus said instead.
 * @param {Page} page
 * @param {string} name
 * @param {string} expected
 */
async function assertTooltip(page, name, expected) {
	const item = page
		.getByTestId('node-parameters')
		.locator('[data-test-id="parameter-item"]')
		.filter({ has: page.getByTestId(`parameter-input-${name}`) })
		.last();
	const open = page.locator(
		'[data-state="delayed-open"], [data-state="instant-open"], .el-popper[aria-hidden="false"], [role="tooltip"]:visible',
	);
	/** @type {string[]} */
	let seen = [];
	const until = Date.now() + 10_000;
	while (Date.now() < until) {
		await item.locator('label').first().hover();
		await item.locator('[data-icon="circle-help"], [class*="infoIcon"] svg').first().hover();
		await new Promise((resolve) => setTimeout(resolve, 300));
		seen = (await open.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
		if (seen.some((text) => text.includes(expected))) break;
	}
	await page.mouse.move(5, 5);
	const shown = seen.find((text) => text.includes(expected));
	assert.ok(shown, `${name}: no tooltip says "${expected}"; open: ${JSON.stringify(seen)}`);
	return shown;
}

/**
 * A new Veo3 node's panel (Create Video, Model veo3.1-fast-official), in a new workflow, as a user
 * adds one. Not the demo's node: n8n 2.x saves a saved workflow's edits by itself 1.5 s after
 * them (autosave), so they would reach the checks after this one.
 * @param {Ui} ui
 */
async function openNewNode(ui) {
	const { page } = ui;
	const plus = page.getByTestId('node-creator-plus-button');
	await openSignedIn(ui, `${ui.base}/workflow/new`, plus);
	await plus.click();
	await searchNodes(page, 'veo');
	const item = page.getByTestId('node-creator-item-name');
	await item
		.filter({ hasText: /^Veo3$/ })
		.first()
		.click();
	await item.filter({ hasText: /^Create a video$/ }).click();
	await page.getByTestId('node-parameters').waitFor();
	await waitForFields(page, 'a new node', ['modelId', 'advancedOptions']);
}

/** @param {Ui} ui */
async function fourFieldsExplainThemselves(ui) {
	const { page } = ui;
	await openNewNode(ui);
	for (const name of ['duration', 'aspectRatio', 'resolution'])
		await assertTooltip(page, name, builtDescription('createVideo', name));
	// Person Generation is one of the Options: added as a user adds it.
	await page.getByTestId('collection-parameter-add').first().click();
	await page
		.getByTestId('collection-parameter-option')
		.filter({ hasText: /^Person Generation$/ })
		.click();
	await page.getByTestId('parameter-input-personGeneration').waitFor();
	await assertTooltip(
		page,
		'personGeneration',
		builtDescription('createVideo', 'personGeneration'),
	);
	await ui.shot('tooltip');
}

/** @param {Ui} ui */
async function getTaskHasItsOwnTooltips(ui) {
	const { page } = ui;
	await openNewNode(ui);
	await choose(page, 'operation', 'Get Task');
	const own = (/** @type {string} */ name) => builtDescription('getTask', name);
	for (const name of ['waitForCompletion', 'maxWaitSeconds', 'binaryPropertyName'])
		assert.doesNotMatch(own(name), /Get Task|Sample Count/, `${name}: ${own(name)}`);
	await assertTooltip(page, 'waitForCompletion', own('waitForCompletion'));
	await page.getByTestId('parameter-input-waitForCompletion').locator('.el-switch').click();
	await assertTooltip(page, 'maxWaitSeconds', own('maxWaitSeconds'));
	await page.getByTestId('parameter-input-downloadVideo').locator('.el-switch').click();
	await assertTooltip(page, 'binaryPropertyName', own('binaryPropertyName'));
}

/** Every choice of every dropdown on screen (the one open, and one still fading out). */
const DROPDOWN_ITEMS = '.el-select-dropdown__item:visible';

/**
 * Waits until no dropdown is on screen: a choice closes its dropdown, which fades out for a
 * moment after the field shows the choice.
 * @param {Page} page
 */
async function untilNoDropdown(page) {
	await waitFor(
		'the dropdown to close',
		async () => !(await page.locator(DROPDOWN_ITEMS).count()),
		5_000,
	);
}

/**
 * Opens the dropdown of `trigger` (a select of the open node panel) and returns its choices, top
 * to bottom, by name (a choice's first line: the editor puts its description under it); then
 * closes it with Escape, as a user does, and checks that the node panel is still open.
 * @param {Page} page
 * @param {import('playwright-core').Locator} trigger
 */
async function dropdownChoices(page, trigger) {
	await untilNoDropdown(page);
	await trigger.click();
	const items = page.locator(DROPDOWN_ITEMS);
	await items.first().waitFor({ timeout: 10_000 });
	const choices = (await items.allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await untilNoDropdown(page);
	assert.ok(await page.getByTestId('node-parameters').isVisible(), 'the node panel is open');
	return choices;
}

/**
 * The choices an options field of the open node panel offers, by name, top to bottom.
 * @param {Page} page
 * @param {string} field
 */
async function choicesOf(page, field) {
	return await dropdownChoices(page, page.getByTestId(`parameter-input-${field}`));
}

/**
 * What the open node panel's Options collection offers to add (its "Add Option" list), by name.
 * @param {Page} page
 */
async function offeredOptions(page) {
	// Options comes before Advanced Options. n8n 1.x's "Add Option" has no test ID.
	const add = page
		.getByTestId('collection-parameter-add')
		.or(page.locator('.collection-parameter .add-option .el-select'));
	return await dropdownChoices(page, add.first());
}

/** Create Video's options that only the official models take. */
const OFFICIAL_OPTIONS = [
	'Enhance Prompt',
	'Generate Audio',
	'Negative Prompt',
	'Person Generation',
	'Sample Count',
	'Seed',
];
/** And those that only the veo3.1 channel's models take. */
const CHANNEL_OPTIONS = ['Official Fallback', 'Output GIF'];

/**
 * Checks that the open Create Video panel, with Image Input on an image mode, offers what
 * `channel`'s models take: Resize Mode only for the official models, and each channel's own
 * Options and not the other's.
 * @param {Page} page
 * @param {'official' | 'veo3.1'} channel
 * @param {string} model the chosen model, for the messages
 */
async function assertChannelFields(page, channel, model) {
	const official = channel === 'official';
	// The panel has re-rendered for the model once Resize Mode shows (or not) as it should.
	await waitForFields(
		page,
		model,
		official ? ['resizeMode'] : ['firstFrameImage'],
		official ? [] : ['resizeMode'],
	);
	const offered = await offeredOptions(page);
	const [offers, refuses] = official
		? [OFFICIAL_OPTIONS, CHANNEL_OPTIONS]
		: [CHANNEL_OPTIONS, OFFICIAL_OPTIONS];
	for (const name of offers)
		assert.ok(offered.includes(name), `${model}: Options offer ${JSON.stringify(offered)}`);
	for (const name of refuses)
		assert.ok(!offered.includes(name), `${model}: Options offer ${JSON.stringify(offered)}`);
}

/**
 * Picks model `id` from the Model picker's list (the gateway's models, the simulator's here).
 * @param {Page} page
 * @param {string} id
 */
async function pickModelFromList(page, id) {
	const input = page.getByTestId('parameter-input-modelId').getByTestId('rlc-input');
	await input.click();
	// "(veo3.1-fast)" is not in "Veo 3.1 Fast (veo3.1-fast-official)".
	await page
		.getByTestId('rlc-item')
		.filter({ hasText: `(${id})` })
		.first()
		.click();
	await waitFor(
		`Model to show ${id}`,
		async () => (await input.inputValue()).endsWith(`(${id})`),
		10_000,
	);
}

/**
 * Types model `id` into the Model picker, in its ID mode, as a user types a model's name.
 * @param {Page} page
 * @param {string} id
 */
async function typeModelId(page, id) {
	const model = page.getByTestId('parameter-input-modelId');
	const mode = model.getByTestId('rlc-mode-selector');
	if (!/ID$/.test(await mode.locator('input').inputValue())) {
		await untilNoDropdown(page);
		await mode.click();
		await page.locator(DROPDOWN_ITEMS).filter({ hasText: /ID$/ }).click();
		await waitFor(
			'the Model picker to be in its ID mode',
			async () => /ID$/.test(await mode.locator('input').inputValue()),
			10_000,
		);
	}
	await model.getByTestId('rlc-input').fill(id);
}

/** @param {Ui} ui */
async function modelFromTheListPicksTheFields(ui) {
	const { page } = ui;
	await openNewNode(ui);
	await choose(page, 'imageInputType', 'Image From URL');
	await assertChannelFields(page, 'official', 'veo3.1-fast-official');
	await pickModelFromList(page, 'veo3.1-fast');
	await assertChannelFields(page, 'veo3.1', 'veo3.1-fast');
	await ui.shot('channel-model');
}

/** @param {Ui} ui */
async function modelTypedByIdPicksTheFields(ui) {
	const { page } = ui;
	await openNewNode(ui);
	await choose(page, 'imageInputType', 'Image From URL');
	await typeModelId(page, 'veo3.1-lite');
	await assertChannelFields(page, 'veo3.1', 'veo3.1-lite (typed)');
	await typeModelId(page, 'veo3.1-quality-official');
	await assertChannelFields(page, 'official', 'veo3.1-quality-official (typed)');
}

/** @param {Ui} ui */
async function referenceImagesShowTheirFields(ui) {
	const { page } = ui;
	await openNewNode(ui);
	await pickModelFromList(page, 'veo3.1-fast');
	assert.deepEqual(await choicesOf(page, 'imageInputType'), [
		'Image From Binary Data',
		'Image From URL',
		'None (Text to Video)',
		'Reference Images From Binary Data',
		'Reference Images From URL',
	]);
	const frames = ['firstFrameImage', 'firstFrameBinaryProperty', 'resizeMode'];
	await choose(page, 'imageInputType', 'Reference Images From Binary Data');
	await waitForFields(
		page,
		'Reference Images From Binary Data',
		['referenceBinaryProperties'],
		['referenceImageUrls', ...frames],
	);
	await choose(page, 'imageInputType', 'Reference Images From URL');
	await waitForFields(
		page,
		'Reference Images From URL',
		['referenceImageUrls'],
		['referenceBinaryProperties', ...frames],
	);
	await ui.shot('reference-images');
}

/** Extend Video's options, by name. */
const EXTEND_OPTIONS = [
	'Aspect Ratio',
	'Max Wait (Seconds)',
	'Poll Interval (Seconds)',
	'Put Output File in Field',
	'Resolution',
];

/** @param {Ui} ui */
async function extendVideoShowsItsFields(ui) {
	const { page } = ui;
	await openNewNode(ui);
	assert.deepEqual(await choicesOf(page, 'operation'), [
		'Create Video',
		'Extend Video',
		'Get Balance',
		'Get Task',
	]);
	await choose(page, 'operation', 'Extend Video');
	await waitForFields(page, 'Extend Video', ['extendModel'], ['modelId']);
	assert.deepEqual(await shownFields(page), [
		'operation',
		'taskId',
		'prompt',
		'extendModel',
		'extensionOnly',
		'returnAs',
		'options',
		'advancedOptions',
	]);
	assert.deepEqual(await choicesOf(page, 'extendModel'), [
		'Same as the Original',
		'Veo 3.1 Fast',
		'Veo 3.1 Quality',
	]);
	// Task ID is Get Task's field name too: the panel shows Extend Video's own.
	await assertTooltip(page, 'taskId', builtDescription('extendVideo', 'taskId'));
	assert.deepEqual(await offeredOptions(page), EXTEND_OPTIONS);
	await ui.shot('extend-video');
	await choose(page, 'returnAs', 'Task ID Only');
	await waitForFields(page, 'Extend Video, Return Task ID Only', ['callbackUrl']);
}

/**
 * @typedef {{ name: string, type: string, parameters: Record<string, any>, credentials?: object }} ExampleNode
 * @typedef {{ name: string, nodes: ExampleNode[] }} ExampleWorkflow
 */
/**
 * Imports an example through the editor's "Import from file..."; resolves with the new workflow's ID.
 * @param {Ui} ui
 * @param {string} file
 * @returns {Promise<{ id: string, workflow: ExampleWorkflow }>}
 */
async function importExample(ui, file) {
	const { page } = ui;
	await leaveFor(page, `${ui.base}/workflow/new`);
	await page.getByTestId('workflow-menu').click();
	// "Import from file..." is in the menu (n8n 2.8) or under its "Import" submenu (2.41).
	const fromFile = page
		.getByTestId('workflow-menu-item-import-from-file')
		.or(page.getByRole('menuitem', { name: /^(Import )?from file/i }))
		.or(page.getByText(/^(Import )?from file/i))
		.first();
	const submenu = page
		.getByRole('menuitem', { name: /^Import$/ })
		.or(page.getByText(/^Import$/))
		.first();
	await waitFor(
		'the workflow menu',
		async () => (await fromFile.isVisible()) || (await submenu.isVisible()),
		10_000,
	);
	if (!(await fromFile.isVisible())) await submenu.hover();
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser', { timeout: 10_000 }),
		fromFile.click(),
	]);
	await chooser.setFiles(path.join(EXAMPLES, file));
	/** @type {ExampleWorkflow} */
	const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
	for (const node of workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote'))
		await page
			.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`)
			.waitFor({ timeout: 15_000 });
	// Import saves the workflow: its ID is in the address.
	const id = await waitFor(
		`${file} to be saved`,
		() => /\/workflow\/([^/?#]+)/.exec(page.url())?.[1]?.replace(/^new$/, ''),
		15_000,
	);
	return { id, workflow };
}

/**
 * Runs an imported example as shipped: "Execute workflow" when every node runs as it is (Manual
 * Trigger, no account of another service), else "Execute step" on its last Veo3 node, as a user
 * tries a workflow whose Slack or Drive step needs their own account; a webhook trigger gets its
 * test call. Resolves with the stored execution's run data.
 * @param {Ui} ui
 * @param {Awaited<ReturnType<typeof loginRest>>} rest
 * @param {{ id: string, workflow: ExampleWorkflow }} imported
 */
async function runExample(ui, rest, { id, workflow }) {
	const { page } = ui;
	const veo3 = workflow.nodes.filter((node) => node.type === rt.PACKAGE.name + '.veo3');
	const last = veo3[veo3.length - 1].name;
	const others = workflow.nodes.filter(
		(node) => node.credentials && !node.type.startsWith(rt.PACKAGE.name),
	);
	const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (!others.length && !webhook) {
		await page.getByTestId('execute-workflow-button').click();
	} else {
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${last}"]`).dblclick();
		await page.getByTestId('node-execute-button').first().click();
	}
	if (webhook) {
		await waitFor(
			'the test webhook to take the call',
			async () =>
				(
					await fetch(`${ui.base}/webhook-test/${webhook.parameters.path}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ prompt: 'a red kite over a green valley' }),
					})
				).ok,
			20_000,
		);
	}
	const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
	const execution = await waitFor(
		`an execution of ${workflow.name} to finish`,
		async () => {
			const [latest] = (await rest('GET', `/executions?filter=${filter}`)).results;
			return latest && !['new', 'running', 'waiting'].includes(latest.status) ? latest : undefined;
		},
		120_000,
	);
	const stored = await rest('GET', `/executions/${execution.id}`);
	assert.equal(execution.status, 'success', JSON.stringify(stored).slice(0, 2000));
	await page.keyboard.press('Escape');
	return { result: runData(ui.runtime, stored), veo3, last };
}

/** @param {Ui} ui */
async function everyExampleImportsAndRuns(ui) {
	assert.ok(ui.demo.login, 'npm start printed a login');
	const rest = await loginRest(ui.base, ui.demo.login);
	for (const file of fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'))) {
		const imported = await importExample(ui, file);
		const { result, veo3, last } = await runExample(ui, rest, imported);
		for (const node of veo3) {
			const [task] = result.runData[node.name] ?? [];
			assert.ok(task && !task.error, `${file}: ${node.name} ran: ${JSON.stringify(task?.error)}`);
			const [item] = task.data.main[0];
			assert.equal(item.json.error, undefined, `${file}: ${node.name}: ${item.json.error}`);
		}
		const [item] = result.runData[last][0].data.main[0];
		if (
			imported.workflow.nodes.find((node) => node.name === last)?.parameters.operation ===
			'getBalance'
		)
			assert.equal(typeof item.json.remaining, 'number', `${file}: ${JSON.stringify(item.json)}`);
		else assert.equal(item.json.status, 'completed', `${file}: ${JSON.stringify(item.json)}`);
		await ui.shot(`example-${file.replace(/\.json$/, '')}`);
	}
}

/** @param {Ui} ui */
async function secondStartKeepsTheUsersEdits(ui) {
	const { login } = ui.demo;
	assert.ok(login, 'npm start printed a login');
	const rest = await loginRest(ui.base, login);
	const workflow = await rest('GET', `/workflows/${DEMO.id}`);
	await rest('PATCH', `/workflows/${DEMO.id}`, {
		name: 'My edited demo',
		versionId: workflow.versionId,
	});
	// The user puts a real key and Base URL into the demo credential, as the banner says.
	const credential = await rest('GET', `/credentials/${DEMO_CREDENTIAL_ID}?includeData=true`);
	await rest('PATCH', `/credentials/${DEMO_CREDENTIAL_ID}`, {
		name: credential.name,
		type: credential.type,
		data: { apiKey: USER_KEY, baseUrl: 'https://api.apimart.ai', idempotency: 'auto' },
	});
	await ui.demo.stop();
	ui.demo = await startDemo(ui.version, ui.demoFolder, ui.port, ui.scope);
	assert.match(
		ui.demo.output,
		/Sign in as demo@veo3\.example, password \S+ \(set up by the first npm start; if you changed it, use yours\)/,
	);
	const again = await loginRest(ui.base, login);
	assert.equal((await again('GET', `/workflows/${DEMO.id}`)).name, 'My edited demo');
	const kept = await again('GET', `/credentials/${DEMO_CREDENTIAL_ID}?includeData=true`);
	assert.equal(
		kept.data.baseUrl,
		'https://api.apimart.ai',
		"npm start left the user's credential alone",
	);
	for (const file of filesUnder(ui.demoFolder)) {
		const bytes = fs.readFileSync(file);
		assert.ok(!bytes.includes(SIM_KEY) && !bytes.includes(USER_KEY), `${file} holds a key`);
	}
}

/** @param {Ui} ui */
async function npmStartStopsOnSigtermAndSighup(ui) {
	for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP']))
		await npmStartStopsOn(signal, ui.version);
}

/** The last two start n8n again, so they run on one version. @type {import('./check-runner').CheckRow<Ui>[]} */
const CHECKS = [
	[
		'npm start prints its banner last, with a link and a login that land on the demo workflow',
		bannerLinkAndLoginLandOnTheDemo,
	],
	[
		'the node panel finds Veo3 for "veo" (first), "video", "text to video" and "apimart", and offers its actions, Extend a video among them',
		nodePanelFindsVeo3,
	],
	[
		'a new node opens lean: Model, Prompt, the main fields, Image Input, Return, then Options',
		newNodeOpensLean,
	],
	[
		'Image Input shows the frame fields and Resize Mode only for image modes; Return "Task ID Only" shows the Callback URL',
		imageInputAndReturnShowTheirFields,
	],
	["the model picker lists the gateway's Veo models", modelPickerListsVeoModels],
	[
		"the nodes panel's AI view lists Veo3 beside n8n's own OpenAI and Google Gemini",
		nodeSitsUnderAI,
	],
	[
		'Duration, Aspect Ratio, Resolution and Person Generation show their descriptions',
		fourFieldsExplainThemselves,
	],
	[
		"Get Task's Wait for Completion, Max Wait and output field show Get Task's own tooltips",
		getTaskHasItsOwnTooltips,
	],
	[
		"an official model's Options offer Seed and the other official options, with Resize Mode; veo3.1-fast picked from the list offers Output GIF and Official Fallback instead, without",
		modelFromTheListPicksTheFields,
	],
	[
		"a model typed by ID picks the fields too: veo3.1-lite offers the veo3.1 channel's options, veo3.1-quality-official the official ones",
		modelTypedByIdPicksTheFields,
	],
	[
		'Image Input offers its five choices in name order; Reference Images From Binary Data and From URL each show their own field and no frame fields',
		referenceImagesShowTheirFields,
	],
	[
		'the Operation picker offers Extend Video: Task ID of the Video, Prompt, Model, Return Only the Extension, Return (Task ID Only: Callback URL) and its own Options',
		extendVideoShowsItsFields,
	],
	['the demo runs and its video plays in the binary viewer', demoVideoPlays],
	[
		'every example imports through the editor and runs as shipped against the demo gateway',
		everyExampleImportsAndRuns,
	],
	[
		"npm start again keeps the user's edits and real key, and leaves no file with a key",
		secondStartKeepsTheUsersEdits,
		(ui) => ui.version === rt.N8N_VERSIONS[0],
	],
	[
		'npm start stopped with SIGTERM (a process manager, `timeout`) or SIGHUP stops n8n and the simulator too',
		npmStartStopsOnSigtermAndSighup,
		(ui) => ui.firstVersionRun,
	],
];

/** How many n8n versions this run has started checking (the signal check runs on the first). */
let versionsRun = 0;

/**
 * `npm start` of n8n `version` in a fresh folder (as a new user starts it) and a browser.
 * @param {string} version
 * @param {import('./cleanup').Scope} scope
 * @returns {Promise<Ui>}
 */
async function setUp(version, scope) {
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	// Installed first, so that waiting for npm start's banner below waits only for n8n to start.
	const runtime = rt.ensureN8n(version);
	const shots = path.join(SHOTS, version);
	fs.mkdirSync(shots, { recursive: true });
	const port = await rt.freePort();
	const firstVersionRun = !versionsRun++;
	const demoFolder = scope.folder('ui');
	const demo = await startDemo(version, demoFolder, port, scope);
	// The browser is closed here, also on Ctrl-C (Playwright's own handler would exit first).
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: BROWSER_ARGS,
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	scope.defer(async () => await browser.close());
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	return {
		version,
		runtime,
		scope,
		port,
		base: `http://127.0.0.1:${port}`,
		firstVersionRun,
		demoFolder,
		demo,
		page,
		shot: async (name) => void (await page.screenshot({ path: path.join(shots, `${name}.png`) })),
	};
}

/**
 * Processes whose environment names `folder` (npm start's n8n, its task runner, the simulator).
 * @param {string} folder
 */
const processesWith = (folder) =>
	cleanup.processesWhere(({ environ }) => environ.includes(folder)).map(({ pid }) => pid);

/**
 * `npm start` as a user runs it, then `signal` to npm alone: everything it started must end.
 * @param {NodeJS.Signals} signal
 * @param {string} version
 */
async function npmStartStopsOn(signal, version) {
	const scope = cleanup.scope();
	const folder = scope.folder('ui-signal');
	// Whatever is left (the check failed, or Ctrl-C): killed before the folder goes.
	scope.defer(() => {
		for (const pid of processesWith(folder)) process.kill(pid, 'SIGKILL');
	});
	const npm = spawn('npm', ['start'], {
		cwd: rt.ROOT,
		env: {
			...process.env,
			VEO3_DEMO_FOLDER: folder,
			N8N_PORT: String(await rt.freePort()),
			VEO3_N8N_VERSION: version,
			VEO3_SKIP_BUILD: '1',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	npm.stdout.on('data', (chunk) => (output += chunk));
	npm.stderr.on('data', (chunk) => (output += chunk));
	try {
		await waitFor(
			'the npm start banner',
			() => /Ctrl\+C stops n8n/.test(output) || npm.exitCode !== null,
			600_000,
		);
		assert.equal(npm.exitCode, null, output.slice(-2000));
		process.kill(/** @type {number} */ (npm.pid), signal);
		await waitFor(
			`everything npm start started to end after ${signal}`,
			() => !processesWith(folder).length,
			45_000,
		);
	} finally {
		await scope.close();
	}
}

async function main() {
	ensureChromium();
	rt.build();
	fs.rmSync(SHOTS, { recursive: true, force: true });
	rt.log(`screenshots go to ${path.relative(rt.ROOT, SHOTS)}/`);
	await runSuite({
		kind: 'ui',
		versionsVariable: 'VEO3_UI_N8N',
		setUp,
		stages: [{ checks: CHECKS }],
		logs: (ui) => [['npm start', ui.demo.output]],
		onFail: async (ui, n) => await ui.shot(`failed-${n}`),
		afterPass: readmeImages,
	});
}

/** With --readme-images: the README's pictures, from the oldest pinned n8n's editor. */
function readmeImages() {
	if (!process.argv.includes('--readme-images')) return;
	// The README shows the oldest pinned n8n's editor, the one most users run.
	fs.mkdirSync(README_IMAGES, { recursive: true });
	for (const name of ['search', 'panel', 'video']) {
		fs.copyFileSync(
			path.join(SHOTS, rt.N8N_VERSIONS[0], `${name}.png`),
			path.join(README_IMAGES, `${name}.png`),
		);
	}
	rt.log(`README pictures written to ${path.relative(rt.ROOT, README_IMAGES)}/`);
}

/**
 * The browser's own reading of the video: it decoded the file, so it plays.
 * @param {import('playwright-core').Locator} video
 */
async function waitForMetadata(video) {
	for (let i = 0; i < 40; i++) {
		const media = await video.evaluate((/** @type {HTMLVideoElement} */ element) => ({
			duration: element.duration,
			width: element.videoWidth,
			ready: element.readyState,
		}));
		if (media.ready >= 1 && Number.isFinite(media.duration)) return media;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error('the video element never loaded the file');
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
