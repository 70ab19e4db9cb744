import { notFound } from "next/navigation";

// Unknown paths under a locale render the localised not-found page inside the locale layout, per request (with
// the CSP nonce), rather than Next.js's prerendered one, whose scripts carry no nonce.
export default function UnknownPage() {
  notFound();
}
