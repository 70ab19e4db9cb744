import { z } from "zod";

/** Form input for a brick: the member's YunoHost/Internet-Cube box, probed over HTTP(S). */
export const brickInputSchema = z.object({
  label: z
    .string()
    .trim()
    .min(1, { error: "label_required" })
    .max(80, { error: "label_too_long" }),
  url: z
    .string()
    .trim()
    .min(1, { error: "url_required" })
    .max(2048, { error: "url_too_long" })
    .refine((value) => URL.canParse(value), { error: "url_invalid" })
    .transform((value) => new URL(value))
    .refine((url) => url.protocol === "https:" || url.protocol === "http:", { error: "url_scheme" })
    .refine((url) => url.username === "" && url.password === "", { error: "url_credentials" })
    .transform((url) => url.toString()),
});

export type BrickInput = z.infer<typeof brickInputSchema>;

export type TargetFieldErrors = Partial<Record<keyof BrickInput, string>>;
