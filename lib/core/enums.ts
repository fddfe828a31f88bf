/**
 * The domain's closed sets, derived from the database enums (db/schema/enums.ts) so a value added in
 * a migration reaches every zod schema, filter and label map at once. Import these instead of copying
 * literal arrays: a copy drifts (a new carrier that the API refuses, a case type the queue cannot filter).
 */
import {
  actorTypeEnum,
  apiScopeValues,
  carrierEnum,
  caseStatusEnum,
  caseTypeEnum,
  casePriorityEnum,
  exceptionSubStatusEnum,
  localeEnum,
  returnStatusEnum,
  shipmentStatusEnum,
  staffRoleEnum,
} from '../../db/schema/enums';

export const CASE_TYPES = caseTypeEnum.enumValues;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = caseStatusEnum.enumValues;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The statuses of a case still being worked on (not resolved or closed). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['open', 'waiting_customer', 'waiting_carrier'];

export const CASE_PRIORITIES = casePriorityEnum.enumValues;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const CARRIER_IDS = carrierEnum.enumValues;
export type CarrierId = (typeof CARRIER_IDS)[number];

export const SHIPMENT_STATUSES = shipmentStatusEnum.enumValues;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const EXCEPTION_SUB_STATUSES = exceptionSubStatusEnum.enumValues;
export type ExceptionSubStatus = (typeof EXCEPTION_SUB_STATUSES)[number];

export const RETURN_STATUSES = returnStatusEnum.enumValues;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const STAFF_ROLES = staffRoleEnum.enumValues;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ACTOR_TYPES = actorTypeEnum.enumValues;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const LOCALES = localeEnum.enumValues;

export const API_SCOPES = apiScopeValues;
export type ApiScope = (typeof API_SCOPES)[number];
