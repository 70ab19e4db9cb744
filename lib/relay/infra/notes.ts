import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { infraComponents, infraIncidents, type Notice } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";
import { enqueueInfraNotices } from "./notices";
import { listMembersTold } from "./recipients";

export type IncidentNoteResult =
  | { ok: true; members: number }
  | { ok: false; reason: "incident_not_found" | "incident_ended" };

/**
 * The hub's free-text message about an open incident, to every member told it started, on their usable channels.
 * `noteKey` comes with the admin's form, so submitting the same form twice queues the note once.
 */
export async function sendIncidentNote(
  db: Db,
  _admin: AdminScope,
  input: { incidentId: string; noteKey: string; text: string },
): Promise<IncidentNoteResult> {
  return db.transaction(async (tx) => {
    const [incident] = await tx
      .select({ endedAt: infraIncidents.endedAt, componentName: infraComponents.name })
      .from(infraIncidents)
      .innerJoin(infraComponents, eq(infraComponents.id, infraIncidents.componentId))
      .where(eq(infraIncidents.id, input.incidentId));
    if (!incident) return { ok: false, reason: "incident_not_found" } as const;
    if (incident.endedAt) return { ok: false, reason: "incident_ended" } as const;
    const told = await listMembersTold(tx, input.incidentId);
    const notice: Notice = {
      type: "infra_note",
      incidentId: input.incidentId,
      componentName: incident.componentName,
      text: input.text,
    };
    const notices = new Map([...told.keys()].map((memberId) => [memberId, notice]));
    await enqueueInfraNotices(tx, { incidentId: input.incidentId, messageKey: `note:${input.noteKey}`, notices });
    return { ok: true, members: told.size } as const;
  });
}
