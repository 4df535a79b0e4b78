// Runs before any test module loads n8n-core: n8n keeps its encryption key and binary files
// under N8N_USER_FOLDER, so every test run gets a fresh scratch folder.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'veo3-n8n-'));
}
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'default';
process.env.N8N_AVAILABLE_BINARY_DATA_MODES ??= 'default,filesystem';
process.env.N8N_LOG_LEVEL ??= 'silent';
