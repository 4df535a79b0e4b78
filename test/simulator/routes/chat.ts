// POST /llm/v1/chat/completions: a scripted OpenAI-compatible chat model for the AI-agent
// end-to-end check. First it calls the first tool it is offered (every string argument filled
// with a prompt), then it answers with what the tool returned.
import type { LoggedRequest, Request, Response, SimState } from '../state';
import { send } from '../state';

interface ChatMessage {
	role: string;
	content?: unknown;
}
interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages?: ChatMessage[];
	tools?: Array<{
		function: { name: string; parameters?: { properties?: Record<string, { type?: string }> } };
	}>;
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function completion(state: SimState, body: ChatRequest) {
	const toolResult = (body.messages ?? []).filter((message) => message.role === 'tool').pop();
	const base = {
		id: `chatcmpl-${++state.counters.seq}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'fake',
	};
	if (toolResult || !body.tools?.length) {
		const result =
			typeof toolResult?.content === 'string'
				? toolResult.content
				: JSON.stringify(toolResult?.content ?? null);
		const message = { role: 'assistant', content: `Your video is ready. Tool result: ${result}` };
		return { ...base, choices: [{ index: 0, message, finish_reason: 'stop' }], usage: USAGE };
	}
	const tool = body.tools[0].function;
	const args: Record<string, string> = {};
	for (const [name, schema] of Object.entries(tool.parameters?.properties ?? {})) {
		if (schema.type === 'string') args[name] = 'a red kite flying over green hills';
	}
	const call = {
		id: `call_${state.counters.seq}`,
		type: 'function',
		function: { name: tool.name, arguments: JSON.stringify(args) },
	};
	const message = { role: 'assistant', content: null, tool_calls: [call] };
	return { ...base, choices: [{ index: 0, message, finish_reason: 'tool_calls' }], usage: USAGE };
}

export function chatCompletion(
	state: SimState,
	_req: Request,
	res: Response,
	entry: LoggedRequest,
): void {
	const body: ChatRequest = entry.body ?? {};
	const answer = completion(state, body);
	if (!body.stream) return send(res, 200, answer);
	// Streamed (n8n 1.x's AI Agent asks for it): the same answer as one chunk, then [DONE].
	const { message, finish_reason } = answer.choices[0];
	const delta = {
		...message,
		tool_calls:
			'tool_calls' in message
				? message.tool_calls.map((call, index) => ({ index, ...call }))
				: undefined,
	};
	const chunk = {
		...answer,
		object: 'chat.completion.chunk',
		choices: [{ index: 0, delta, finish_reason }],
	};
	res.writeHead(200, { 'content-type': 'text/event-stream' });
	res.end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
}
