import type pg from "pg";

export type OutboxSnapshot = {
  total: number;
  pending: number;
  leased: number;
  sent: number;
  dead: number;
  firingGroups: number;
};

/** Where the outbox stands for notifications created since `since` (one storm). */
export async function readOutbox(pool: pg.Pool, since: Date): Promise<OutboxSnapshot> {
  const { rows } = await pool.query<Record<keyof OutboxSnapshot, string>>(
    `select count(*) as total,
            count(*) filter (where delivery_state = 'pending') as pending,
            count(*) filter (where delivery_state = 'pending' and lease_until > now()) as leased,
            count(*) filter (where delivery_state = 'sent') as sent,
            count(*) filter (where delivery_state = 'dead') as dead,
            count(distinct (member_id, group_key)) filter (where alert_status = 'firing') as "firingGroups"
       from notifications where created_at >= $1`,
    [since],
  );
  const row = rows[0]!;
  return {
    total: Number(row.total),
    pending: Number(row.pending),
    leased: Number(row.leased),
    sent: Number(row.sent),
    dead: Number(row.dead),
    firingGroups: Number(row.firingGroups),
  };
}

export type OutboxTimings = {
  byStatus: {
    status: string;
    rows: number;
    firstCreatedMs: number;
    lastCreatedMs: number;
    lastSentMs: number | null;
  }[];
  /** Outbox wait + send: created_at → sent_at, in ms. */
  latencyP50: number | null;
  latencyP99: number | null;
  retried: number;
};

/** Timestamps relative to `since`: when intake stored each status, when the last was sent, and queue latency. */
export async function readOutboxTimings(pool: pg.Pool, since: Date): Promise<OutboxTimings> {
  const ms = (column: string) => `extract(epoch from ${column} - $1::timestamptz) * 1000`;
  const byStatus = await pool.query<{ status: string; rows: string; first: string; last: string; sent: string | null }>(
    `select alert_status as status, count(*) as rows, min(${ms("created_at")}) as first, max(${ms("created_at")}) as last,
            max(${ms("sent_at")}) as sent
       from notifications where created_at >= $1 group by alert_status order by alert_status`,
    [since],
  );
  const latency = await pool.query<{ p50: string | null; p99: string | null; retried: string }>(
    `select percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at) * 1000) as p50,
            percentile_cont(0.99) within group (order by extract(epoch from sent_at - created_at) * 1000) as p99,
            count(*) filter (where attempts > 1) as retried
       from notifications where created_at >= $1`,
    [since],
  );
  const row = latency.rows[0]!;
  return {
    byStatus: byStatus.rows.map((r) => ({
      status: r.status,
      rows: Number(r.rows),
      firstCreatedMs: Math.round(Number(r.first)),
      lastCreatedMs: Math.round(Number(r.last)),
      lastSentMs: r.sent === null ? null : Math.round(Number(r.sent)),
    })),
    latencyP50: row.p50 === null ? null : Math.round(Number(row.p50)),
    latencyP99: row.p99 === null ? null : Math.round(Number(row.p99)),
    retried: Number(row.retried),
  };
}

/**
 * Leases held now (claimed, neither sent nor released), one key per claim: id and lease end, so a row claimed
 * again after its lease expired is a new key.
 */
export async function listLeases(pool: pg.Pool, since: Date): Promise<string[]> {
  const { rows } = await pool.query<{ lease: string }>(
    "select id || '@' || lease_until::text as lease from notifications where created_at >= $1 and delivery_state = 'pending' and lease_until > now()",
    [since],
  );
  return rows.map((row) => row.lease);
}
