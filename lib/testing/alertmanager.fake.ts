import { type AlertmanagerApi, createAlertmanagerApi } from "@/lib/monitoring/alertmanager-api";

type Matcher = { name: string; value: string; isRegex: boolean; isEqual: boolean };
type StoredSilence = {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  state: "active" | "expired";
};
export type FakeAlert = { fingerprint: string; labels: Record<string, string> };

/**
 * An in-memory stand-in for Alertmanager's v2 silence and alert endpoints, for unit tests: it records every
 * request so tests can assert the exact matchers sent. The integration tests use the real Alertmanager.
 */
export function createFakeAlertmanager(alerts: FakeAlert[] = []) {
  const silences = new Map<string, StoredSilence>();
  const requests: { method: string; path: string; body: unknown }[] = [];
  let next = 1;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const view = (s: StoredSilence) => ({ ...s, status: { state: s.state } });
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, path: url.pathname + url.search, body });
    const id = /^\/api\/v2\/silence\/(.+)$/.exec(url.pathname)?.[1];
    if (method === "POST" && url.pathname === "/api/v2/silences") {
      const silenceId = `am-${next++}`;
      silences.set(silenceId, { id: silenceId, ...body, state: "active" });
      return json({ silenceID: silenceId });
    }
    if (method === "GET" && url.pathname === "/api/v2/silences") return json([...silences.values()].map(view));
    if (id && method === "GET") return silences.has(id) ? json(view(silences.get(id)!)) : json({}, 404);
    if (id && method === "DELETE") {
      const silence = silences.get(id);
      if (silence) silence.state = "expired";
      return silence ? json(null) : json({}, 404);
    }
    if (method === "GET" && url.pathname === "/api/v2/alerts") {
      const member = /member="([^"]+)"/.exec(url.searchParams.get("filter") ?? "")?.[1];
      const matching = alerts.filter((a) => a.labels.member === member);
      return json(
        matching.map((a) => ({
          ...a,
          startsAt: new Date(0).toISOString(),
          status: { state: "active", silencedBy: [] },
        })),
      );
    }
    return json({ error: "not found" }, 404);
  }) as typeof fetch;
  const api: AlertmanagerApi = createAlertmanagerApi("http://alertmanager.test", fetchImpl);
  return { api, silences, requests, alerts };
}
