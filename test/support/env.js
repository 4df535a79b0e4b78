// Runs before any test module loads n8n-core: n8n keeps its encryption key and binary files
// under N8N_USER_FOLDER, so every test run gets a fresh scratch folder. The binary data mode
// comes from the jest project (filesystem, n8n 2.x's default, or memory: "default").
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-n8n-'));
}
process.env.N8N_DEFAULT_BINARY_DATA_MODE = process.env.VEO3_TEST_BINARY_MODE ?? 'filesystem';
process.env.N8N_AVAILABLE_BINARY_DATA_MODES ??= 'default,filesystem';
process.env.N8N_LOG_LEVEL ??= 'silent';
