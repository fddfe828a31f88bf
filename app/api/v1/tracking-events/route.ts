// POST /api/v1/tracking-events → 200 {accepted, duplicates, unmatched}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { mapCarrierCode } from '@/lib/carriers/map-code';
import { ingestEvents, type NormalizedEvent } from '@/lib/tracking/ingest-events';
import { trackingEventsBatchSchema } from '@/lib/tracking/ingest-schemas';

export const POST = apiRoute({ scope: 'events:write', body: trackingEventsBatchSchema }, async ({ db, actor, body }) => {
  const events: NormalizedEvent[] = body.events.map((e) => {
    const mapped = e.status ? { status: e.status, subStatus: e.subStatus, unmapped: false } : mapCarrierCode(e.carrier, e.code!);
    return {
      carrier: e.carrier,
      trackingNumber: e.trackingNumber,
      eventId: e.eventId,
      carrierCode: e.code,
      status: mapped.status,
      subStatus: e.subStatus ?? mapped.subStatus,
      description: e.description,
      location: e.location,
      occurredAt: new Date(e.occurredAt),
      unmappedCode: mapped.unmapped,
    };
  });
  return { status: 200, body: await ingestEvents(db, events, 'api', { actor }) };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
