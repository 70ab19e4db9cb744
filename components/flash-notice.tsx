"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { Suspense, useEffect, useState } from "react";
import { noticeOf, type PageNotice } from "@/lib/page-notice";

/** The notice a redirect asked for (`?notice=…`), said once on the page it landed on. */
export function FlashNotice() {
  // Reading the address needs a boundary where a page is prerendered; pages rendered per request show it at once.
  return (
    <Suspense fallback={null}>
      <NoticeFromAddress />
    </Suspense>
  );
}

function NoticeFromAddress() {
  const t = useTranslations("ui.notices");
  const pathname = usePathname();
  const flag = noticeOf(useSearchParams().get("notice"));
  const [shown, setShown] = useState<{ notice: PageNotice; pathname: string } | null>(
    flag ? { notice: flag, pathname } : null,
  );
  // Once shown, the flag leaves the address: a reload, a bookmark or a shared link does not say it again.
  useEffect(() => {
    if (!flag) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("notice");
    window.history.replaceState(null, "", url);
  }, [flag]);
  // The layout stays mounted across navigations (signing out lands on the home page without a reload): a flag
  // that appears starts the notice, and moving to another page ends it.
  if (flag && (shown?.notice !== flag || shown.pathname !== pathname)) setShown({ notice: flag, pathname });
  else if (!flag && shown && shown.pathname !== pathname) setShown(null);
  if (!shown) return null;
  return (
    <p role="status" className="mb-6 rounded border border-teal-700 bg-teal-50 px-4 py-3 text-teal-950">
      {t(shown.notice)}
    </p>
  );
}
