import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A person who logged in through OIDC. `id` is the pseudonym used in monitoring labels. */
export const members = pgTable("members", {
  id: text("id").primaryKey(),
  oidcSubject: text("oidc_subject").notNull().unique(),
  displayName: text("display_name"),
  email: text("email"),
  locale: text("locale").notNull().default("fr"),
  isAdmin: boolean("is_admin").notNull().default(false),
  /** Alerts are held back in these hours (Alertmanager time intervals on the member's route). */
  quietHours: jsonb("quiet_hours").$type<QuietHours>(),
  /** How often a still-firing alert is sent again (Alertmanager duration). */
  repeatInterval: text("repeat_interval").notNull().default("4h"),
  /** The bot redacts its alert messages older than this. */
  messageRetentionDays: integer("message_retention_days").notNull().default(30),
  createdAt: createdAt(),
});

export type QuietHours = {
  /** "HH:MM" in Europe/Brussels; an end before the start spans midnight. */
  start: string;
  end: string;
  /** 0 = Sunday … 6 = Saturday; empty means every day. */
  weekdays: number[];
  criticalPassesThrough: boolean;
};

export const targetKinds = ["brick", "ping", "tcp", "vps", "vpn"] as const;
export type TargetKindValue = (typeof targetKinds)[number];
export const severities = ["info", "warning", "critical"] as const;
export const guardPauseReasons = ["address_not_allowed", "address_is_monitoring_host"] as const;
export type GuardPauseReason = (typeof guardPauseReasons)[number];
export type Severity = (typeof severities)[number];
export const channelTypes = ["matrix", "mattermost", "gotify", "email"] as const;
export type ChannelTypeValue = (typeof channelTypes)[number];

/** Something a member wants watched. Only `id`, `memberId`, `kind` and `module` reach the monitoring files. */
export const targets = pgTable(
  "targets",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: targetKinds }).notNull(),
    label: text("label").notNull(),
    /** The infrastructure it sits behind (a VPS's hypervisor, a brick's VPN server): its outages inhibit this. */
    dependsOn: text("depends_on").references(() => infraComponents.id, { onDelete: "set null" }),
    /** brick: URL; ping: host; tcp: host:port; vps: hypervisor VM id (qemu/101); vpn: VPN client name. */
    address: text("address").notNull(),
    /** Outside the automatically approved networks a target waits for an admin. */
    status: text("status", { enum: ["active", "pending", "rejected"] })
      .notNull()
      .default("active"),
    paused: boolean("paused").notNull().default(false),
    /**
     * Set (with `paused`) when the daily re-check found the probed name reaching an address members may not watch;
     * the member clears it by saving the target again, which runs the guard anew. The reason is the guard's code.
     */
    guardPausedAt: timestamp("guard_paused_at", { withTimezone: true }),
    guardPauseReason: text("guard_pause_reason", { enum: guardPauseReasons }),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("targets_member_idx").on(t.memberId), index("targets_status_idx").on(t.status)],
);

/** Where a member receives alerts. Used only once `verifiedAt` is set. */
export const channels = pgTable(
  "channels",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    type: text("type", { enum: channelTypes }).notNull(),
    /** matrix: @user:server; mattermost: username; gotify: server URL; email: address. */
    address: text("address").notNull(),
    /** The conversation the bot writes to: Matrix room id, Mattermost direct channel id. */
    roomId: text("room_id"),
    /** Third-party credential (Gotify application token), encrypted with lib/crypto. */
    secretCiphertext: text("secret_ciphertext"),
    minSeverity: text("min_severity", { enum: severities }).notNull().default("info"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    /**
     * Set when a transport refused for good (the bot was kicked, the mailbox does not exist): the channel is no
     * longer verified, and the member re-links it. `disabledReason` is the transport's error, shown to them.
     */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("channels_member_type_address_idx").on(t.memberId, t.type, t.address)],
);

/** Single-use secrets that bind a chat conversation to a channel; only their hash is kept. */
export const linkTokens = pgTable(
  "link_tokens",
  {
    id: text("id").primaryKey(),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("link_tokens_channel_idx").on(t.channelId)],
);

/**
 * Verification messages (mails, Gotify codes) and chat link tokens handed out in the last hour: the cooldowns per
 * member and per address read them, across processes. The address is kept only as a hash of type and address, and
 * rows older than an hour are deleted as new ones come in. `failed`: nothing reached the address, so the member's
 * own cooldown ignores it (a mistyped token is fixed at once) while the address's hourly count still includes it.
 */
export const verificationSends = pgTable(
  "verification_sends",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    addressHash: text("address_hash").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    failed: boolean("failed").notNull().default(false),
  },
  (t) => [
    index("verification_sends_address_idx").on(t.addressHash, t.sentAt),
    index("verification_sends_member_idx").on(t.memberId, t.sentAt),
    index("verification_sends_sent_at_idx").on(t.sentAt),
  ],
);

/**
 * What each member has been told about each alert occurrence (fingerprint + start): the relay's memory that makes
 * every state change reach the member once, whatever Alertmanager repeats, and keeps a late "firing" from a
 * clustered peer from reopening a resolved alert. Intake reads and writes them holding the member row lock.
 */
export const alertStates = pgTable(
  "alert_states",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    /** Alertmanager's startsAt, as posted: a new start is a new occurrence of the same alert. */
    startsAt: text("starts_at").notNull(),
    status: text("status", { enum: ["firing", "resolved"] }).notNull(),
    alertname: text("alertname").notNull(),
    targetId: text("target_id"),
    groupKey: text("group_key").notNull(),
    /** When the member was last told (first firing, a reminder, the resolution). */
    notifiedAt: timestamp("notified_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.fingerprint, t.startsAt] }),
    index("alert_states_firing_idx").on(t.memberId).where(sql`status = 'firing'`),
  ],
);

/**
 * Infrastructure the hub runs that members' targets sit behind. Its outage inhibits the dependent targets' alerts
 * (Alertmanager inhibit_rules) and becomes one incident message per affected member instead.
 */
export const infraComponents = pgTable("infra_components", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ["hypervisor", "vpn_server"] }).notNull(),
  /** Shown to members ("the hypervisor hosting your VPS"), so in plain words. */
  name: text("name").notNull(),
  /** hypervisor: the Proxmox node id in pve-exporter metrics (`node/pve1`); vpn_server: the host to ping. */
  address: text("address").notNull(),
  createdAt: createdAt(),
});

/**
 * A retention tier: one VictoriaMetrics instance, with its retention (`-retentionPeriod`), the URL vmagent and
 * antennas write to and the URL the portal and vmalert read from. Read credentials are optional (an instance behind
 * vmauth); the password is sealed with `VIGIE_SECRET_KEY` (context: the tier id) and never selected into pages.
 */
export const tiers = pgTable("tiers", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  retention: text("retention").notNull(),
  writeUrl: text("write_url").notNull(),
  readUrl: text("read_url").notNull(),
  readUsername: text("read_username"),
  readPasswordSealed: text("read_password_sealed"),
  /**
   * vmauth's service users of this tier (usernames derived from the id: `vmagent-<id>` writes, `reader-<id>`
   * reads), generated by the portal, sealed like the read password (contexts `tier-writer:<id>`,
   * `tier-reader:<id>`). Null until the portal first generates them.
   */
  writerPasswordSealed: text("writer_password_sealed"),
  readerPasswordSealed: text("reader_password_sealed"),
  createdAt: createdAt(),
});

/**
 * The tier each target kind's series go to. A kind is not a row anywhere else, so its choice gets a small table
 * keyed by kind; a kind with no row has no tier yet. Deleting a tier still chosen here is refused (`restrict`).
 */
export const targetKindTiers = pgTable("target_kind_tiers", {
  kind: text("kind", { enum: targetKinds }).primaryKey(),
  tierId: text("tier_id")
    .notNull()
    .references(() => tiers.id, { onDelete: "restrict" }),
});

/**
 * A hub antenna placed in a squat. Nothing here may identify a person: the place code is a code, not an address,
 * and notes are checked for e-mail addresses, phone numbers and street addresses before they are stored.
 * Its vmauth credential is `antenna-<id>-g<generation>` with a password sealed with `VIGIE_SECRET_KEY` (context
 * `antenna-credential:<id>`, lib/antennas/credentials.ts); after a rotation the previous generation's password
 * stays valid until `previousValidUntil`. A revoked antenna keeps its row (its series stay attributable) with
 * both passwords cleared. The MAC salt (per antenna, sealed, context `antenna-salt:<id>`) goes into its bundle.
 */
export const antennas = pgTable("antennas", {
  id: text("id").primaryKey(),
  placeCode: text("place_code").notNull().unique(),
  tierId: text("tier_id")
    .notNull()
    .references(() => tiers.id, { onDelete: "restrict" }),
  notes: text("notes").notNull().default(""),
  /** The "no client" alert fires after this many hours without a connected station. */
  noClientHours: integer("no_client_hours").notNull().default(12),
  generation: integer("generation").notNull().default(1),
  passwordSealed: text("password_sealed"),
  previousPasswordSealed: text("previous_password_sealed"),
  previousValidUntil: timestamp("previous_valid_until", { withTimezone: true }),
  saltSealed: text("salt_sealed").notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * A target kind or an antenna sent to another tier: from then on its series go to the new tier, while its history
 * stays in the old one, so the dashboards read both for a window that reaches before the move
 * (lib/dashboard/tier-history.ts). Ids and tier ids only, nothing about a person. A null tier is the default
 * instance (VICTORIA_METRICS_URL: a kind with no tier). Rows older than the longest window (90 days) are deleted
 * when a move is recorded; deleting a tier deletes the moves naming it, whose history went with it.
 */
export const tierMoves = pgTable(
  "tier_moves",
  {
    id: serial("id").primaryKey(),
    subjectType: text("subject_type", { enum: ["target_kind", "antenna"] }).notNull(),
    /** The kind (`brick`, `vpn`…) or the antenna id. */
    subject: text("subject").notNull(),
    fromTierId: text("from_tier_id").references(() => tiers.id, { onDelete: "cascade" }),
    // Deleting the tier moved to keeps the move: the time before it is still read from the tier left (tierSpans
    // reads `from` only); the moves out of a deleted tier go with it, its series being unreadable anyway.
    toTierId: text("to_tier_id").references(() => tiers.id, { onDelete: "set null" }),
    movedAt: timestamp("moved_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("tier_moves_subject_moved_at_idx").on(table.subjectType, table.subject, table.movedAt)],
);

/** One outage of an infrastructure component, from its alert's firing to its resolution. */
export const infraIncidents = pgTable(
  "infra_incidents",
  {
    id: text("id").primaryKey(),
    componentId: text("component_id")
      .notNull()
      .references(() => infraComponents.id, { onDelete: "cascade" }),
    /** The infra alert's fingerprint and start: the same outage reported twice is one incident. */
    fingerprint: text("fingerprint").notNull(),
    startsAt: text("starts_at").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("infra_incidents_occurrence_idx").on(t.componentId, t.fingerprint, t.startsAt)],
);

/** The outbox: one row per (alert group state, channel); the worker delivers it. */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    dedupeKey: text("dedupe_key").notNull(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    /** What the message says of its alert group: firing or resolved (of the alerts, not of the sending). */
    alertStatus: text("alert_status", { enum: ["firing", "resolved"] }).notNull(),
    alerts: jsonb("alerts").$type<NotificationAlert[]>().notNull(),
    /** Set for messages that are not an alert group: an infra incident, a disabled channel. `alerts` is then []. */
    notice: jsonb("notice").$type<Notice>(),
    /** Where the sending stands: pending (due or retrying), sent, dead (given up on). */
    deliveryState: text("delivery_state", { enum: ["pending", "sent", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    externalId: text("external_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** When the bot removed the message from the chat (member's retention setting). */
    redactedAt: timestamp("redacted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_idx").on(t.dedupeKey),
    index("notifications_member_idx").on(t.memberId, t.createdAt),
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`delivery_state = 'pending'`),
    // Delivery keeps each channel's messages about a group in order: a row waits for older pending ones.
    index("notifications_pending_group_idx")
      .on(t.channelId, t.groupKey, t.createdAt)
      .where(sql`delivery_state = 'pending'`),
  ],
);

export type NotificationAlert = {
  alertname: string;
  status: "firing" | "resolved";
  severity: string | null;
  targetId: string | null;
  instance: string | null;
  summary: string | null;
  startsAt: string;
  /** Alertmanager's fingerprint; with startsAt it names the occurrence in alert_states (absent in older rows). */
  fingerprint?: string;
  /** A firing alert the member was already told about, sent again after their repeat interval. */
  reminder?: boolean;
  /** The HTTP status a redirect alert reports (its `status_code` annotation), so the member reads which code. */
  statusCode?: number;
};

/** The messages that are not alert groups. Texts are rendered at send time, in the member's language. */
export type Notice =
  | { type: "channel_disabled"; channelType: ChannelTypeValue; address: string; reason: string }
  /** A test message the member asked for from the channels page, sent the way alerts are. */
  | { type: "channel_test"; channelType: ChannelTypeValue; address: string }
  | {
      type: "infra_started" | "infra_ended";
      incidentId: string;
      componentKind: "hypervisor" | "vpn_server";
      componentName: string;
      targetIds: string[];
    }
  | { type: "infra_note"; incidentId: string; componentName: string; text: string }
  | { type: "target_guard_paused"; targetIds: string[]; reason: GuardPauseReason }
  /** An auto-approved target whose name moved outside the auto-approved networks: it waits for an admin again. */
  | { type: "target_sent_to_review"; targetIds: string[] };

/** One attempt to render, validate, write and load the monitoring configuration. */
export const syncRuns = pgTable("sync_runs", {
  id: serial("id").primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
  configHash: text("config_hash").notNull(),
  result: text("result", { enum: ["applied", "unchanged", "failed"] }).notNull(),
  error: text("error"),
  changedFiles: jsonb("changed_files").$type<string[]>().notNull().default([]),
});

/** Chat events a bot has already acted on: a restart that re-reads history must not answer twice. */
export const handledChatEvents = pgTable("handled_chat_events", {
  eventId: text("event_id").primaryKey(),
  handledAt: createdAt(),
});

/**
 * Silences a member made (portal, bot command or acknowledgement). One-off ones are mirrored to Alertmanager
 * (`alertmanagerId`); weekly ones become time intervals in alertmanager.yml. Always scoped by `member`.
 */
export const silences = pgTable(
  "silences",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    /** Null: every target of the member. */
    targetId: text("target_id").references(() => targets.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["once", "weekly"] }).notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    weekly: jsonb("weekly").$type<WeeklyWindow>(),
    /** Set for acknowledgements: the silence ends when this alert resolves. */
    alertFingerprint: text("alert_fingerprint"),
    comment: text("comment").notNull().default(""),
    createdVia: text("created_via", { enum: ["portal", "bot", "ack"] }).notNull(),
    alertmanagerId: text("alertmanager_id"),
    expiredAt: timestamp("expired_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("silences_member_idx").on(t.memberId)],
);

export type WeeklyWindow = { weekdays: number[]; start: string; end: string };
