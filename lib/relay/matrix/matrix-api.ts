import {
  ClientPrefix,
  type HttpApiEvent,
  type HttpApiEventHandlerMap,
  type IHttpOpts,
  MatrixHttpApi,
  TypedEventEmitter,
} from "matrix-js-sdk";

export type MatrixApi = MatrixHttpApi<IHttpOpts & { onlyData: true }>;

/**
 * `MatrixHttpApi.authedRequest` does not retry (it only refreshes tokens, which a bot does not have): the outbox
 * owns retries, so a 429 must surface at once rather than be retried in memory. `fetchFn`: see session-store.ts.
 */
export function createMatrixApi(config: {
  homeserverUrl: string;
  accessToken: string;
  timeoutMs?: number;
  fetchFn?: typeof fetch;
}): MatrixApi {
  return new MatrixHttpApi(new TypedEventEmitter<HttpApiEvent, HttpApiEventHandlerMap>(), {
    baseUrl: config.homeserverUrl,
    prefix: ClientPrefix.V3,
    accessToken: config.accessToken,
    useAuthorizationHeader: true,
    localTimeoutMs: config.timeoutMs ?? 30_000,
    onlyData: true,
    ...(config.fetchFn ? { fetchFn: config.fetchFn } : {}),
  });
}
