import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted stand-in for the Anthropic Messages API, enough for the real CLI in print mode: the
 * first streamed request that offers tools gets a Bash `echo` tool_use, the request carrying its
 * tool_result gets a text answer. Usage numbers are the reference example (1,201 input, 41 output,
 * 3,000 cache-creation, 9,000 cache-read tokens → $0.018168 on Sonnet 4.5).
 */

export const USAGE = {
  input_tokens: 1201,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 9000,
  output_tokens: 1,
};

export interface MockApi {
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

export async function startMockMessagesApi(): Promise<MockApi> {
  const calls: MockApi["calls"] = [];
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
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json", "request-id": requestId() });
      res.end(
        JSON.stringify({ ...message, content: [{ type: "text", text: "ok" }], stop_reason: "end_turn" }),
      );
      return;
    }
    const last = body.messages?.at(-1)?.content;
    const answeredTool =
      Array.isArray(last) && last.some((c) => (c as { type?: string }).type === "tool_result");
    const offerTool = !answeredTool && (body.tools?.length ?? 0) > 0;
    const block = offerTool
      ? [
          [
            "content_block_start",
            {
              index: 0,
              content_block: { type: "tool_use", id: `toolu_01Mock${n}`, name: "Bash", input: {} },
            },
          ],
          [
            "content_block_delta",
            {
              index: 0,
              delta: {
                type: "input_json_delta",
                partial_json: JSON.stringify({ command: "echo hello", description: "Print hello" }),
              },
            },
          ],
        ]
      : [
          ["content_block_start", { index: 0, content_block: { type: "text", text: "" } }],
          ["content_block_delta", { index: 0, delta: { type: "text_delta", text: "Done: hello" } }],
        ];
    sse(res, [
      ["message_start", { message }],
      ...(block as [string, Record<string, unknown>][]),
      ["content_block_stop", { index: 0 }],
      [
        "message_delta",
        {
          delta: { stop_reason: offerTool ? "tool_use" : "end_turn", stop_sequence: null },
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
