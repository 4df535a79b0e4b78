// The Model picker's list: the Veo models the gateway lists at GET /v1/models (OpenAI-style
// gateways answer it), or the built-in list when it does not answer, or lists no Veo model.
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { CHANNEL_MODEL_NAMES, MODEL_NAMES } from '../actions/createVideo';
import { CREDENTIAL_TYPE, normalizeBaseUrl } from '../transport';

async function gatewayModels(ctx: ILoadOptionsFunctions): Promise<string[]> {
	try {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const baseUrl = normalizeBaseUrl(ctx.getNode(), credentials.baseUrl);
		const answer = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			url: `${baseUrl}/v1/models`,
			json: true,
			timeout: 10_000,
			disableFollowRedirect: true,
		})) as IDataObject;
		const list = Array.isArray(answer?.data) ? answer.data : [];
		return list
			.map((entry) =>
				typeof entry === 'string' ? entry : String((entry as IDataObject)?.id ?? ''),
			)
			.filter((id) => /veo/i.test(id) && /^[\w.:-]{1,100}$/.test(id));
	} catch {
		// The list is a convenience: the built-in models and the ID mode always work.
		return [];
	}
}

/**
 * A model this node does not know gets a name made from its ID (veo3-pro-preview: "Veo 3 Pro
 * Preview"), so every entry reads "Name (id)" like the known ones.
 */
function modelName(id: string): string {
	if (MODEL_NAMES[id]) return MODEL_NAMES[id];
	if (CHANNEL_MODEL_NAMES[id]) return CHANNEL_MODEL_NAMES[id];
	return id
		.split(/[-_:]+/)
		.filter(Boolean)
		.map((word) => {
			const veo = /^veo(\d[\d.]*)$/i.exec(word);
			if (veo) return `Veo ${veo[1]}`;
			return word.charAt(0).toUpperCase() + word.slice(1);
		})
		.join(' ');
}

export async function listModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const listed = await gatewayModels(this);
	const ids = listed.length ? [...new Set(listed)] : Object.keys(MODEL_NAMES);
	const results = ids
		.map((id) => ({ name: `${modelName(id)} (${id})`, value: id }))
		.filter(({ name }) => !filter || name.toLowerCase().includes(filter.toLowerCase()));
	return { results };
}
