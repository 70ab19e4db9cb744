import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isBearer } from "@/lib/http/bearer";
import { urlHost } from "@/lib/http/url-host";
import { log } from "@/lib/log";
import { answerInfraPost } from "../infra/webhook-handler";
import { alertIntakeFor } from "./intake-queue";
import { maxWebhookBodyBytes as maxBodyBytes } from "./webhook-body";
import { answerAlertmanagerPost, type WebhookAnswer, type WebhookPost } from "./webhook-handler";

export type RelayListener = { port: number; url: string; close(): Promise<void> };

/**
 * Alertmanager's webhook client (prometheus/common) keeps idle connections 5 minutes (Go's default transport: 90 s).
 * Outliving it means the client always closes first: closing one just as a post goes out on it would fail that
 * post, and Go does not retry a POST.
 */
const keepAliveMs = 310_000;

type Answer = (post: WebhookPost) => Promise<WebhookAnswer>;
type State = { routes: Map<string, Answer>; token: string; closing: boolean };

/**
 * The relay's own HTTP front door for Alertmanager, outside Next.js, whose request pipeline costs ~5× the CPU
 * per post. Same answers as the portal's routes; the posts share the process's intake, so concurrent posts are
 * recorded in batches.
 */
export async function startRelayListener(options: {
  host: string;
  port: number;
  db: Db;
  token: string;
}): Promise<RelayListener> {
  const alertDeps = { intake: alertIntakeFor(options.db), token: options.token };
  const infraDeps = { db: options.db, token: options.token };
  const state: State = {
    routes: new Map<string, Answer>([
      ["/api/alertmanager/webhook", (post) => answerAlertmanagerPost(post, alertDeps)],
      ["/api/alertmanager/infra", (post) => answerInfraPost(post, infraDeps)],
    ]),
    token: options.token,
    closing: false,
  };
  const server = createServer((request, response) => serveRequest(request, response, state));
  server.keepAliveTimeout = keepAliveMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(`the relay cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(options.host)}:${port}`;
  log.info({ url }, "relay listening for Alertmanager");
  return {
    port,
    url,
    close: () =>
      new Promise((resolve, reject) => {
        // Idle connections close now; busy ones after their answer, which then says `Connection: close`.
        state.closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Starts the listener when RELAY_LISTEN is set, in the process that runs the worker. Throws when the token is
 * missing (every post would be refused) or the port is taken, so a misconfiguration fails the start.
 */
export async function startRelayListenerFromEnv(db: Db): Promise<RelayListener | undefined> {
  const { RELAY_LISTEN: listen, WEBHOOK_TOKEN: token } = env();
  if (!listen) return undefined;
  if (!token) throw new Error("RELAY_LISTEN is set but WEBHOOK_TOKEN is not: the relay listener is not started");
  return startRelayListener({ ...listen, db, token });
}

function serveRequest(request: IncomingMessage, response: ServerResponse, state: State): void {
  // A string cut, not a URL object: this runs once per post in a storm.
  const target = request.url ?? "/";
  const queryAt = target.indexOf("?");
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const answer = state.routes.get(path);
  if (answer) {
    if (request.method === "POST") receivePost(request, response, answer, state);
    else sendJson(response, state, 405, { error: "method_not_allowed" }, { Allow: "POST" });
  } else if (path === "/healthz") {
    if (request.method === "GET" || request.method === "HEAD") {
      response.writeHead(200, closingHeaders(state, { "Content-Type": "text/plain; charset=utf-8" })).end("ok");
    } else sendJson(response, state, 405, { error: "method_not_allowed" }, { Allow: "GET, HEAD" });
  } else sendJson(response, state, 404, { error: "not_found" });
}

function receivePost(request: IncomingMessage, response: ServerResponse, answer: Answer, state: State): void {
  const authorization = request.headers.authorization ?? null;
  // Refused before any of the body is read, so an unauthenticated client costs the relay its headers only.
  if (!isBearer(authorization, state.token))
    return refuseUnread(request, response, answer({ authorization, body: "" }));
  if (Number(request.headers["content-length"]) > maxBodyBytes) return refuseTooLarge(request, response);
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBodyBytes) refuseTooLarge(request, response);
    else chunks.push(chunk);
  });
  request.on("end", () => {
    // Joined before decoding, so a character split across chunks stays whole.
    const body = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8");
    answer({ authorization, body }).then(
      (result) => sendJson(response, state, result.status, result.body, result.headers),
      (error: unknown) => {
        // 500 makes Alertmanager retry the group later (a database outage, say).
        log.error({ err: error, path: request.url }, "relay post failed");
        sendJson(response, state, 500, { error: "internal" });
      },
    );
  });
}

/** Answers at once and closes the connection once the answer is out, without reading the rest of the body. */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  log.warn(
    { path: request.url, contentLength: request.headers["content-length"] },
    "relay post refused: body too large",
  );
  closeUnread(request, response, { status: 413, body: { error: "payload_too_large" } });
}

/** The answerer's own refusal (401, counted in its metrics), sent without reading the body. */
function refuseUnread(request: IncomingMessage, response: ServerResponse, answer: Promise<WebhookAnswer>): void {
  stopReading(request);
  answer.then(
    (result) => closeUnread(request, response, result),
    (error: unknown) => {
      log.error({ err: error, path: request.url }, "relay post failed");
      closeUnread(request, response, { status: 500, body: { error: "internal" } });
    },
  );
}

function stopReading(request: IncomingMessage): void {
  request.removeAllListeners("data");
  request.removeAllListeners("end");
  request.pause();
}

function closeUnread(request: IncomingMessage, response: ServerResponse, answer: WebhookAnswer): void {
  stopReading(request);
  if (response.destroyed) return;
  const body = JSON.stringify(answer.body);
  response
    .writeHead(answer.status, {
      ...answer.headers,
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      Connection: "close",
    })
    .end(body);
}

function sendJson(
  response: ServerResponse,
  state: State,
  status: number,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
): void {
  // The client may have gone (timeout, reset): nothing left to answer.
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response
    .writeHead(
      status,
      closingHeaders(state, {
        ...headers,
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
      }),
    )
    .end(text);
}

function closingHeaders(state: State, headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  if (state.closing) headers.Connection = "close";
  return headers;
}
