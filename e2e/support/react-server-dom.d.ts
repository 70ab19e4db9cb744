// React's Flight client as Next.js bundles it (no types shipped): the e2e tests encode server-action arguments
// exactly as the browser does.
declare module "next/dist/compiled/react-server-dom-webpack/client.node.js" {
  export function encodeReply(value: unknown): Promise<string | FormData>;
}
