import type { ReactNode } from "react";

// The document is drawn by app/[locale]/layout.tsx. This pass-through root lets app/not-found.tsx, the page of every
// address no route matches, draw the same document around its notice (Next.js needs a root layout above it).
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
