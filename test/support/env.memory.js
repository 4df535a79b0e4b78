// The "memory" project: n8n's in-memory binary mode ("default"), as n8n 1.x used by default.
process.env.VEO3_TEST_BINARY_MODE = 'default';
require('./env');
