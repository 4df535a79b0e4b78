// Filesystem binary mode, as a production n8n uses for large files: downloads stream to disk.
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
