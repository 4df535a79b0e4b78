// n8n finds the node and the credential through the "n8n" section of package.json, not through
// this file. It is the package's `main` so that code outside n8n (scripts, other tools, tests of
// a workflow) can load the built classes: require('n8n-nodes-veo3').Veo3. Run `npm run build` first.
module.exports = {
	get Veo3() {
		return require('./dist/nodes/Veo3/Veo3.node.js').Veo3;
	},
	get Veo3Api() {
		return require('./dist/credentials/Veo3Api.credentials.js').Veo3Api;
	},
};
