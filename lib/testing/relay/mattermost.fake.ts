import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { waitFor } from "@/lib/testing/wait-for";

/**
 * A stand-in Mattermost server for tests, following the documented API v4: `GET /users/me`, `GET /users/{id}`,
 * `POST /posts` (with the server's `pending_post_id` dedupe: a key seen before answers with the post it made; the
 * real server forgets keys after 30 s), `PUT /posts/{id}/patch` (bearer token), and `/api/v4/websocket` with the `authentication_challenge` action and `posted`
 * events whose `post` field is JSON-encoded. The WebSocket framing (RFC 6455) is hand-written: text frames only.
 * Tests in another process (Playwright) drive it over HTTP: `POST /__fake/posted` takes `emitPost`'s argument,
 * `GET /__fake/posts` lists what the portal posted. These paths are not Mattermost's and need no token.
 */
export type FakeMattermost = {
  url: string;
  posts: { channel_id: string; message: string; root_id?: string; pending_post_id?: string }[];
  /** `PUT /posts/{id}/patch` calls, in order. */
  patches: { postId: string; message: string }[];
  /** Pushes a `posted` event, as the server does when `userId` writes `message` in `channelId`. */
  emitPost(post: {
    id: string;
    userId: string;
    channelId: string;
    message: string;
    channelType: "D" | "G" | "O";
  }): void;
  /** Authenticated sockets open now. */
  socketCount(): number;
  /** Drops every socket, as a server restart would. */
  dropSockets(): void;
  waitForPosts(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export async function startFakeMattermost(options: {
  token: string;
  users: Record<string, string>;
  botId: string;
}): Promise<FakeMattermost> {
  const posts: FakeMattermost["posts"] = [];
  const patches: FakeMattermost["patches"] = [];
  const sockets = new Set<Duplex>();
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST" && req.url === "/__fake/posted") {
      fake.emitPost(JSON.parse(raw) as Parameters<FakeMattermost["emitPost"]>[0]);
      return reply(202, {});
    }
    if (req.method === "GET" && req.url === "/__fake/posts") return reply(200, posts);
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { id: "api.context.session_expired.app_error" });
    const userMatch = /^\/api\/v4\/users\/([^/]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && userMatch) {
      const id = userMatch[1] === "me" ? options.botId : decodeURIComponent(userMatch[1] ?? "");
      const username = options.users[id];
      return username ? reply(200, { id, username }) : reply(404, { id: "app.user.missing_account.const" });
    }
    if (req.method === "POST" && req.url === "/api/v4/posts") {
      const post = JSON.parse(raw) as FakeMattermost["posts"][number];
      const seen = post.pending_post_id
        ? posts.findIndex((earlier) => earlier.pending_post_id === post.pending_post_id)
        : -1;
      if (seen >= 0) return reply(201, { id: `post${seen + 1}`, ...posts[seen] });
      posts.push(post);
      return reply(201, { id: `post${posts.length}`, ...post });
    }
    const patchMatch = /^\/api\/v4\/posts\/post(\d+)\/patch$/.exec(req.url ?? "");
    const patched = patchMatch ? posts[Number(patchMatch[1]) - 1] : undefined;
    if (req.method === "PUT" && patchMatch && patched) {
      const { message } = JSON.parse(raw) as { message: string };
      patches.push({ postId: `post${patchMatch[1]}`, message });
      patched.message = message;
      return reply(200, { id: `post${patchMatch[1]}`, ...patched });
    }
    reply(404, { id: "api.context.404.app_error" });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    if (req.url !== "/api/v4/websocket") return socket.destroy();
    const accept = createHash("sha1")
      .update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    let authenticated = false;
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let frame = readFrame(buffered); frame; frame = readFrame(buffered)) {
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === 8) return socket.end(encodeFrame(Buffer.alloc(0), 8));
        if (frame.opcode !== 1) continue;
        const message = JSON.parse(frame.payload.toString("utf8")) as {
          seq: number;
          action: string;
          data?: { token?: string };
        };
        if (message.action !== "authentication_challenge") continue;
        authenticated = message.data?.token === options.token;
        socket.write(
          encodeFrame(
            JSON.stringify(
              authenticated
                ? { status: "OK", seq_reply: message.seq }
                : {
                    status: "FAIL",
                    seq_reply: message.seq,
                    error: { id: "api.web_socket_router.not_authenticated.app_error" },
                  },
            ),
          ),
        );
        if (authenticated) sockets.add(socket);
      }
    });
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeMattermost = {
    url,
    posts,
    patches,
    emitPost(post) {
      seq += 1;
      const event = {
        event: "posted",
        data: {
          channel_type: post.channelType,
          sender_name: `@${options.users[post.userId] ?? "someone"}`,
          post: JSON.stringify({
            id: post.id,
            user_id: post.userId,
            channel_id: post.channelId,
            message: post.message,
            type: "",
            props: {},
          }),
        },
        broadcast: { channel_id: post.channelId, user_id: "", team_id: "" },
        seq,
      };
      for (const socket of sockets) socket.write(encodeFrame(JSON.stringify(event)));
    },
    socketCount: () => sockets.size,
    dropSockets() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    async waitForPosts(count, timeoutMs = 5_000) {
      await waitFor(`${count} posts`, () => (posts.length >= count ? true : undefined), timeoutMs, 20);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buffer.length < 2) return null;
  const opcode = (buffer[0] ?? 0) & 0x0f;
  const masked = ((buffer[1] ?? 0) & 0x80) !== 0;
  let length = (buffer[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (buffer[maskOffset + (i % 4)] ?? 0);
  return { opcode, payload, length: offset + length };
}

function encodeFrame(data: string | Buffer, opcode = 1): Buffer {
  const payload = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : Buffer.concat([Buffer.from([0x80 | opcode, 126]), Buffer.from([payload.length >> 8, payload.length & 0xff])]);
  return Buffer.concat([header, payload]);
}
