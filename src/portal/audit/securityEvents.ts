import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';

export interface Refusal {
  /** What was tried: a sync mutation type, or an HTTP method and route. */
  action: string;
  /** The id the caller aimed at, when there was one. */
  targetId: string | null;
  reason: 'forbidden' | 'not-found';
}

/** Records a refused attempt (actor, target id, action, reason) for administrators to review. */
export async function recordRefusal(db: Queryable, caller: Caller, refusal: Refusal): Promise<void> {
  await db.query(
    `INSERT INTO security_event (actor_id, actor_role, request_id, action, target_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      caller.principal.id,
      caller.principal.role,
      caller.requestId,
      refusal.action,
      refusal.targetId,
      refusal.reason,
    ],
  );
}

export interface SecurityEvent extends Refusal {
  at: string;
  actorId: string;
  actorRole: string;
}

/** The newest refused attempts first. */
export async function listSecurityEvents(db: Queryable, limit: number): Promise<SecurityEvent[]> {
  const found = await db.query<{
    at: Date;
    actor_id: string;
    actor_role: string;
    action: string;
    target_id: string | null;
    reason: Refusal['reason'];
  }>(
    `SELECT at, actor_id, actor_role, action, target_id, reason
       FROM security_event ORDER BY at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return found.rows.map((row) => ({
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    targetId: row.target_id,
    reason: row.reason,
  }));
}
