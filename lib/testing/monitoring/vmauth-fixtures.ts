import type { VmauthInput } from "@/lib/monitoring/vmauth-model";

/** Two tiers; an_3 was rotated and its old password is valid until 2026-12-01T12:00Z. */
export const vmauthSample: VmauthInput = {
  now: new Date("2026-12-01T10:00:00Z"),
  tiers: [
    {
      id: "tier_b",
      name: "Second tier",
      victoriaMetricsUrl: "http://127.0.0.1:9428/",
      writer: { username: "vmagent-tier_b", password: "vmagent-b-password" },
      reader: { username: "reader-tier_b", password: "reader-b-password" },
    },
    {
      id: "tier_a",
      name: "First tier",
      victoriaMetricsUrl: "http://127.0.0.1:8428",
      writer: { username: "vmagent-tier_a", password: "vmagent-a-password" },
      reader: { username: "reader-tier_a", password: "reader-a-password" },
    },
  ],
  antennas: [
    {
      id: "an_3",
      tierId: "tier_a",
      username: "antenna-an_3-g2",
      password: "new-an3-password",
      previous: {
        username: "antenna-an_3-g1",
        password: "old-an3-password",
        validUntil: new Date("2026-12-01T12:00:00Z"),
      },
    },
    { id: "an_2", tierId: "tier_b", username: "antenna-an_2-g1", password: "an2-password" },
    { id: "an_1", tierId: "tier_a", username: "antenna-an_1-g1", password: "an1-password" },
  ],
};
