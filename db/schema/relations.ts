import { relations } from 'drizzle-orm';
import { caseEvents, caseMessages, cases, compensations, refunds } from './cases';
import { delayIncidents, notices } from './delays';
import { orderLines, orders } from './orders';
import { claims, photos, returnItems, returns, withdrawals } from './returns';
import { shipmentLines, shipments, trackingEvents } from './shipments';
import { staffUsers } from './staff';

export const ordersRelations = relations(orders, ({ many }) => ({
  lines: many(orderLines),
  shipments: many(shipments),
  returns: many(returns),
  claims: many(claims),
  withdrawals: many(withdrawals),
  cases: many(cases),
  refunds: many(refunds),
}));

export const orderLinesRelations = relations(orderLines, ({ one, many }) => ({
  order: one(orders, { fields: [orderLines.orderId], references: [orders.id] }),
  shipmentLines: many(shipmentLines),
}));

export const shipmentsRelations = relations(shipments, ({ one, many }) => ({
  order: one(orders, { fields: [shipments.orderId], references: [orders.id] }),
  lines: many(shipmentLines),
  events: many(trackingEvents),
  incidents: many(delayIncidents),
}));

export const shipmentLinesRelations = relations(shipmentLines, ({ one }) => ({
  shipment: one(shipments, { fields: [shipmentLines.shipmentId], references: [shipments.id] }),
  orderLine: one(orderLines, { fields: [shipmentLines.orderLineId], references: [orderLines.id] }),
}));

export const trackingEventsRelations = relations(trackingEvents, ({ one }) => ({
  shipment: one(shipments, { fields: [trackingEvents.shipmentId], references: [shipments.id] }),
}));

export const returnsRelations = relations(returns, ({ one, many }) => ({
  order: one(orders, { fields: [returns.orderId], references: [orders.id] }),
  items: many(returnItems),
  returnShipment: one(shipments, { fields: [returns.returnShipmentId], references: [shipments.id] }),
}));

export const returnItemsRelations = relations(returnItems, ({ one, many }) => ({
  return: one(returns, { fields: [returnItems.returnId], references: [returns.id] }),
  orderLine: one(orderLines, { fields: [returnItems.orderLineId], references: [orderLines.id] }),
  photos: many(photos),
}));

export const photosRelations = relations(photos, ({ one }) => ({
  returnItem: one(returnItems, { fields: [photos.returnItemId], references: [returnItems.id] }),
  claim: one(claims, { fields: [photos.claimId], references: [claims.id] }),
}));

export const claimsRelations = relations(claims, ({ one, many }) => ({
  order: one(orders, { fields: [claims.orderId], references: [orders.id] }),
  photos: many(photos),
}));

export const withdrawalsRelations = relations(withdrawals, ({ one }) => ({
  order: one(orders, { fields: [withdrawals.orderId], references: [orders.id] }),
}));

export const casesRelations = relations(cases, ({ one, many }) => ({
  order: one(orders, { fields: [cases.orderId], references: [orders.id] }),
  assignee: one(staffUsers, { fields: [cases.assigneeId], references: [staffUsers.id] }),
  messages: many(caseMessages),
  events: many(caseEvents),
  compensations: many(compensations),
}));

export const caseMessagesRelations = relations(caseMessages, ({ one }) => ({
  case: one(cases, { fields: [caseMessages.caseId], references: [cases.id] }),
}));

export const caseEventsRelations = relations(caseEvents, ({ one }) => ({
  case: one(cases, { fields: [caseEvents.caseId], references: [cases.id] }),
}));

export const compensationsRelations = relations(compensations, ({ one }) => ({
  case: one(cases, { fields: [compensations.caseId], references: [cases.id] }),
  order: one(orders, { fields: [compensations.orderId], references: [orders.id] }),
}));

export const refundsRelations = relations(refunds, ({ one }) => ({
  order: one(orders, { fields: [refunds.orderId], references: [orders.id] }),
}));

export const delayIncidentsRelations = relations(delayIncidents, ({ one, many }) => ({
  order: one(orders, { fields: [delayIncidents.orderId], references: [orders.id] }),
  shipment: one(shipments, { fields: [delayIncidents.shipmentId], references: [shipments.id] }),
  notices: many(notices),
}));

export const noticesRelations = relations(notices, ({ one }) => ({
  incident: one(delayIncidents, { fields: [notices.incidentId], references: [delayIncidents.id] }),
}));
