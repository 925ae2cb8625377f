import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted stand-in for the Anthropic Messages API, enough for the real CLI in print mode: while
 * the conversation holds fewer tool results than the script has tool uses, a streamed request that
 * offers tools gets the next tool_use; then a text answer. Or every request fails with `failWith`.
 * Usage numbers are the reference example (1,201 input, 41 output, 3,000 cache-creation, 9,000
 * cache-read tokens → $0.018168 on Sonnet 4.5).
 */

export const USAGE = {
  input_tokens: 1201,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 9000,
  output_tokens: 1,
};

export interface ToolUse {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface MessagesScript {
  /** Asked for one after another, one per request, before the answer. */
  readonly toolUses?: readonly ToolUse[];
  readonly answer?: string;
  /** Every request is refused with this HTTP status (529: overloaded, retried by the CLI; 400: not). */
  readonly failWith?: number;
}

export interface MessagesApi {
  readonly url: string;
  readonly calls: { path: string; model: string; stream: boolean }[];
  close(): Promise<void>;
}

interface MessageRequest {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  messages?: { content?: unknown }[];
}

/** The default script: one `echo hello` through Bash, then an answer (the conformance run). */
export const ECHO_SCRIPT: MessagesScript = {
  toolUses: [{ name: "Bash", input: { command: "echo hello", description: "Print hello" } }],
  answer: "Done: hello",
};

function toolResults(body: MessageRequest): number {
  let n = 0;
  for (const m of body.messages ?? [])
    if (Array.isArray(m.content))
      for (const c of m.content) if ((c as { type?: string }).type === "tool_result") n++;
  return n;
}

export async function startMessagesApi(script: MessagesScript = ECHO_SCRIPT): Promise<MessagesApi> {
  const calls: MessagesApi["calls"] = [];
  let n = 0;
  const requestId = () => `req_011CMock${String(++n).padStart(16, "0")}`;

  const sse = (res: ServerResponse, events: [string, Record<string, unknown>][]) => {
    res.writeHead(200, { "content-type": "text/event-stream", "request-id": requestId() });
    for (const [type, data] of events)
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = (text ? JSON.parse(text) : {}) as MessageRequest;
    const path = req.url ?? "/";
    calls.push({ path, model: body.model ?? "", stream: body.stream === true });
    if (!path.startsWith("/v1/messages")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: path } }));
      return;
    }
    if (script.failWith) {
      res.writeHead(script.failWith, { "content-type": "application/json", "request-id": requestId() });
      const type =
        script.failWith === 529
          ? "overloaded_error"
          : script.failWith >= 500
            ? "api_error"
            : "invalid_request_error";
      res.end(JSON.stringify({ type: "error", error: { type, message: `scripted ${script.failWith}` } }));
      return;
    }
    if (path.includes("count_tokens")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    const model = body.model ?? "claude-sonnet-4-5";
    const message = {
      id: `msg_mock${n}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: USAGE,
    };
    const answer = script.answer ?? "Done.";
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json", "request-id": requestId() });
      res.end(
        JSON.stringify({ ...message, content: [{ type: "text", text: answer }], stop_reason: "end_turn" }),
      );
      return;
    }
    const step = (body.tools?.length ?? 0) > 0 ? script.toolUses?.[toolResults(body)] : undefined;
    const block: [string, Record<string, unknown>][] = step
      ? [
          [
            "content_block_start",
            {
              index: 0,
              content_block: { type: "tool_use", id: `toolu_01Mock${n}`, name: step.name, input: {} },
            },
          ],
          [
            "content_block_delta",
            { index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(step.input) } },
          ],
        ]
      : [
          ["content_block_start", { index: 0, content_block: { type: "text", text: "" } }],
          ["content_block_delta", { index: 0, delta: { type: "text_delta", text: answer } }],
        ];
    sse(res, [
      ["message_start", { message }],
      ...block,
      ["content_block_stop", { index: 0 }],
      [
        "message_delta",
        {
          delta: { stop_reason: step ? "tool_use" : "end_turn", stop_sequence: null },
          usage: { output_tokens: 41 },
        },
      ],
      ["message_stop", {}],
    ]);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      res.writeHead(500);
      res.end(e.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
