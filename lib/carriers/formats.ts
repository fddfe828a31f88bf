/**
 * Builds tracking documents in each carrier's own format (the shapes the adapters read). Used by
 * `npm run simulate`, the fake carrier APIs in the poller tests and to write the fixtures, so demo data
 * travels the exact path real carrier data does.
 */
import type { PickupPoint } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';
import { formatLocal, formatWithOffset, zoneOfCountry } from '@/lib/time/zoned';

export type FormatEvent = {
  /** The carrier's own code (Budbee: state; PostNord: ItemStatus or numeric event code). */
  code: string;
  text: string;
  at: Date;
  place?: string;
  postalCode?: string;
  country?: string;
  id?: string;
};

export type FormatParcel = {
  carrier: CarrierId;
  trackingNumber: string;
  country?: string;
  /** Budbee: a locker (BOX) order. */
  box?: boolean;
  pickupPoint?: PickupPoint;
  pickupDeadline?: string;
  eta?: string;
  service?: string;
  stoppedInCustoms?: boolean;
};

const POSTNORD_STATUS_OF_CODE: Record<string, string> = { '113': 'EN_ROUTE' };

function postiShipment(p: FormatParcel, events: FormatEvent[]) {
  return {
    tracking_code: p.trackingNumber,
    ...(p.eta ? { estimated_delivery_date: p.eta } : {}),
    ...(p.pickupDeadline ? { last_pickup_date: p.pickupDeadline } : {}),
    ...(p.pickupPoint
      ? { pickup_point: { id: p.pickupPoint.id, public_name: p.pickupPoint.name, street_address: p.pickupPoint.address, postcode: p.pickupPoint.postalCode, city: p.pickupPoint.city, opening_hours: p.pickupPoint.openingHours } }
      : {}),
    events: events.map((e) => ({
      status_code: e.code,
      event_timestamp: formatLocal(e.at, 'Europe/Helsinki').replace('T', ' '),
      description: e.text,
      ...(e.place ? { post_office: e.place } : {}),
      ...(e.postalCode ? { postcode: e.postalCode } : {}),
    })),
  };
}

function postnordShipment(p: FormatParcel, events: FormatEvent[]) {
  const country = p.country ?? 'SE';
  return {
    shipmentId: p.trackingNumber.slice(-11),
    ...(p.service ? { service: { name: p.service } } : {}),
    ...(p.eta ? { estimatedTimeOfArrival: `${p.eta}T17:00:00` } : {}),
    ...(p.pickupDeadline ? { returnDate: `${p.pickupDeadline}T00:00:00` } : {}),
    ...(p.pickupPoint
      ? {
          deliveryPoint: {
            locationId: p.pickupPoint.id,
            displayName: p.pickupPoint.name,
            name: p.pickupPoint.name,
            address: { street1: p.pickupPoint.address, postCode: p.pickupPoint.postalCode, city: p.pickupPoint.city, countryCode: country },
            openingHours: p.pickupPoint.openingHours,
          },
        }
      : {}),
    items: [
      {
        itemId: p.trackingNumber,
        ...(p.stoppedInCustoms ? { stoppedInCustoms: true } : {}),
        events: events.map((e) => {
          const numeric = /^\d+$/.test(e.code);
          return {
            eventTime: formatLocal(e.at, zoneOfCountry(e.country ?? country)),
            eventCode: numeric ? e.code : '0',
            status: numeric ? (POSTNORD_STATUS_OF_CODE[e.code] ?? 'EN_ROUTE') : e.code,
            eventDescription: e.text,
            location: { displayName: e.place ?? '', city: e.place ?? '', postcode: e.postalCode ?? '', countryCode: e.country ?? country, locationType: 'DEPOT' },
          };
        }),
      },
    ],
  };
}

function matkahuoltoEvents(p: FormatParcel, events: FormatEvent[]) {
  return events.map((e, i) => ({
    EventId: e.id ?? `${p.trackingNumber}-${e.code}-${i}`,
    ShipmentNumber: p.trackingNumber,
    ParcelNumber: `MA${p.trackingNumber.replace(/\D/g, '').padStart(19, '0').slice(-19)}`,
    EventCode: e.code,
    EventTime: formatLocal(e.at, 'Europe/Helsinki'),
    EventDescription: e.text,
    Place: e.place ?? '',
    OfficeCode: p.pickupPoint?.id ?? '',
    ...(p.pickupDeadline && ['50', '55', '56', '57'].includes(e.code) ? { StoredUntil: p.pickupDeadline.split('-').reverse().join('.') } : {}),
  }));
}

/** dd.MM.yyyy, as Bring writes `dateOfReturn`. */
function bringDate(iso: string): string {
  return iso.split('-').reverse().join('.');
}

/**
 * Bring Tracking API v2 package with the fields Bring's own examples carry (fixtures/SOURCES.md): the pickup
 * point is the event's `unitId` (+ `unitInformationUrl`) named by `expectedPickupUnitName`, the last day to
 * collect is `dateOfReturn` (dd.MM.yyyy). Bring sends no address or opening hours of the pickup point.
 */
function bringPackage(p: FormatParcel, events: FormatEvent[]) {
  const point = p.pickupPoint;
  return {
    packageNumber: p.trackingNumber,
    dateOfEstimatedDelivery: p.eta ?? null,
    dateOfReturn: p.pickupDeadline ? bringDate(p.pickupDeadline) : null,
    pickupCode: null,
    eventSet: events.map((e) => {
      const atPoint = point && e.code === 'READY_FOR_PICKUP';
      return {
        description: e.text,
        status: e.code,
        unitId: atPoint ? (point.id ?? '') : '',
        unitInformationUrl: atPoint && point.id ? `https://api.bring.com/pickuppoint/api/pickuppoint/${e.country ?? p.country ?? 'NO'}/id/${point.id}.xml` : null,
        postalCode: (atPoint ? point.postalCode : e.postalCode) ?? '',
        city: (atPoint ? point.city : e.place) ?? '',
        countryCode: e.country ?? p.country ?? 'NO',
        dateIso: formatWithOffset(e.at, zoneOfCountry(e.country ?? p.country ?? 'NO')),
      };
    }),
    ...(point?.id ? { expectedPickupUnitId: point.id, expectedPickupUnitName: point.name } : {}),
  };
}

function budbeeOrder(p: FormatParcel, events: FormatEvent[]) {
  return {
    token: p.trackingNumber,
    type: p.box ? 'BOX' : 'DELIVERY',
    ...(p.eta ? { eta: { date: p.eta } } : {}),
    ...(p.box && p.pickupPoint
      ? {
          lockerIdentifier: p.pickupPoint.id,
          lockerAddress: { name: p.pickupPoint.name, street: p.pickupPoint.address, postalCode: p.pickupPoint.postalCode, city: p.pickupPoint.city, openingHours: p.pickupPoint.openingHours },
        }
      : {}),
    ...(p.pickupDeadline ? { latestPickupDate: p.pickupDeadline } : {}),
    events: events.map((e, i) => ({ id: e.id ?? `${p.trackingNumber}-${i}-${e.code}`, state: e.code, message: e.text, date: e.at.toISOString(), ...(e.place ? { city: e.place } : {}) })),
  };
}

function dhlShipment(p: FormatParcel, events: FormatEvent[]) {
  const statusWord: Record<string, string> = { 'pre-transit': 'PRE-TRANSIT', transit: 'TRANSIT', delivered: 'DELIVERED', failure: 'FAILURE', unknown: 'UNKNOWN' };
  const sorted = [...events].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    id: p.trackingNumber,
    service: 'express',
    ...(p.eta ? { estimatedTimeOfDelivery: `${p.eta}T18:00:00` } : {}),
    status: sorted[0] ? { statusCode: sorted[0].code, status: statusWord[sorted[0].code] ?? sorted[0].code, description: sorted[0].text } : undefined,
    events: sorted.map((e) => ({
      timestamp: formatLocal(e.at, zoneOfCountry(e.country ?? p.country ?? 'FI')),
      statusCode: e.code,
      status: statusWord[e.code] ?? e.code,
      description: e.text,
      location: { address: { addressLocality: e.place ?? '', countryCode: e.country ?? p.country ?? 'FI' } },
    })),
  };
}

/** One tracking document (the carrier's pull answer) for any number of parcels of one carrier. */
export function buildTrackingDocument(carrier: CarrierId, parcels: Array<{ parcel: FormatParcel; events: FormatEvent[] }>): unknown {
  switch (carrier) {
    case 'posti':
      return { shipments: parcels.map((x) => postiShipment(x.parcel, x.events)) };
    case 'postnord':
      return { TrackingInformationResponse: { shipments: parcels.map((x) => postnordShipment(x.parcel, x.events)) } };
    case 'matkahuolto':
      return { MHTrackingResults: parcels.flatMap((x) => matkahuoltoEvents(x.parcel, x.events)) };
    case 'bring':
      return { consignmentSet: parcels.map((x) => ({ consignmentId: x.parcel.trackingNumber.slice(-17), packageSet: [bringPackage(x.parcel, x.events)] })) };
    case 'budbee':
      return parcels.length === 1 ? budbeeOrder(parcels[0]!.parcel, parcels[0]!.events) : { orders: parcels.map((x) => budbeeOrder(x.parcel, x.events)) };
    case 'dhl':
      return { shipments: parcels.map((x) => dhlShipment(x.parcel, x.events)) };
  }
}

/** A Bring Event Cast push for one event (§4.1): UTC, Java offset without a colon. */
export function buildBringEventCast(parcel: FormatParcel, event: FormatEvent & { id: string }): unknown {
  const created = `${event.at.toISOString().slice(0, 19)}+0000`;
  return { status: event.code, id: event.id, shipment: parcel.trackingNumber.slice(-17), package: parcel.trackingNumber, created, pushed: created };
}
