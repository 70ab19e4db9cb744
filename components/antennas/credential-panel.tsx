"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { IssuedCredential } from "@/lib/antennas/mutations";

/**
 * A credential just issued, shown this once: the page never receives it again (the database holds it sealed), so
 * focus moves here for the admin to copy the password before leaving. The copy button copies the password alone:
 * that is what the bundle's INSTALL.md has pasted into the antenna's password file, which the init script refuses
 * if it holds anything else (a `NAME=` prefix, a space).
 */
export function CredentialPanel({ placeCode, credential }: { placeCode: string; credential: IssuedCredential }) {
  const t = useTranslations("ui.antennas.issued");
  const region = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState(false);
  const headingId = `issued-${credential.antennaId}-${credential.username}`;
  useEffect(() => {
    region.current?.focus();
  }, []);
  const passwordElement = useRef<HTMLElement>(null);
  // The clipboard API exists only on HTTPS or localhost; elsewhere the password is selected for the admin to copy.
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(credential.password);
      setCopied(true);
    } catch {
      const selection = window.getSelection();
      if (passwordElement.current && selection) selection.selectAllChildren(passwordElement.current);
    }
  };
  return (
    <section
      ref={region}
      tabIndex={-1}
      aria-labelledby={headingId}
      className="space-y-2 rounded border-2 border-amber-700 bg-amber-50 p-4 focus-visible:outline-2"
    >
      <h3 id={headingId} className="font-semibold">
        {t("title", { placeCode })}
      </h3>
      <p className="font-medium">{t("once")}</p>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 max-sm:[&>dt]:font-medium sm:grid-cols-[max-content_minmax(0,1fr)] text-sm">
        <dt>{t("username")}</dt>
        <dd className="font-mono break-all">{credential.username}</dd>
        <dt>{t("password")}</dt>
        <dd>
          <code ref={passwordElement} className="block font-mono break-all" data-credential-password>
            {credential.password}
          </code>
        </dd>
      </dl>
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={copy}
          className="rounded bg-teal-800 px-3 py-1 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {t("copy")}
        </button>
        <p role="status" className="text-sm text-teal-900">
          {copied ? t("copied") : ""}
        </p>
      </div>
    </section>
  );
}
