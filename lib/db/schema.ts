import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
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
  createdAt: createdAt(),
});

/** Something a member wants watched. Only `id`, `memberId`, `kind` and `module` reach the monitoring files. */
export const targets = pgTable(
  "targets",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["brick"] }).notNull(),
    label: text("label").notNull(),
    address: text("address").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("targets_member_idx").on(t.memberId)],
);

/** Where a member receives alerts. Used only once `verifiedAt` is set. */
export const channels = pgTable(
  "channels",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["matrix"] }).notNull(),
    address: text("address").notNull(),
    roomId: text("room_id"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
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
    status: text("status", { enum: ["firing", "resolved"] }).notNull(),
    alerts: jsonb("alerts").$type<NotificationAlert[]>().notNull(),
    state: text("state", { enum: ["pending", "sent", "dead"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    externalId: text("external_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_idx").on(t.dedupeKey),
    index("notifications_due_idx").on(t.nextAttemptAt).where(sql`state = 'pending'`),
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
};

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
