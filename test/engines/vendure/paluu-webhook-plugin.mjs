// Vendure has no outgoing webhooks: this plugin posts every order state transition to Paluu
// (POST /api/integrations/vendure/webhooks), signed with HMAC-SHA256 over the raw body. The body names the order only;
// Paluu fetches the order itself through the Admin API, so a late or repeated delivery cannot roll it back.
import 'reflect-metadata';
import { createHmac, randomUUID } from 'node:crypto';
import { EventBus, OrderStateTransitionEvent, PluginCommonModule, VendurePlugin, Logger } from '@vendure/core';

/** `url`: Paluu's webhook endpoint; `secret`: the integration's webhook secret; `shop`: the shop URL Paluu knows it by. */
let options = { url: undefined, secret: undefined, shop: undefined };

export class PaluuWebhookPlugin {
  static init(next) {
    options = { ...options, ...next };
    return PaluuWebhookPlugin;
  }

  constructor(eventBus) {
    this.eventBus = eventBus;
  }

  onApplicationBootstrap() {
    if (!options.url || !options.secret || !options.shop) return;
    this.eventBus.ofType(OrderStateTransitionEvent).subscribe((event) => {
      const body = JSON.stringify({
        topic: 'order.state-transition',
        code: event.order.code,
        fromState: event.fromState,
        toState: event.toState,
        at: new Date().toISOString(),
      });
      const signature = createHmac('sha256', options.secret).update(body).digest('hex');
      fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-vendure-shop': options.shop,
          'x-vendure-topic': 'order.state-transition',
          'x-vendure-delivery': randomUUID(),
          'x-vendure-signature': `sha256=${signature}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      }).then(
        (response) => response.ok || Logger.warn(`Paluu answered ${response.status} for order ${event.order.code}`, 'PaluuWebhookPlugin'),
        (error) => Logger.warn(`Paluu could not be reached: ${error.message}`, 'PaluuWebhookPlugin'),
      );
    });
  }
}

// Plain JavaScript has no decorator syntax: apply @VendurePlugin and the constructor's injection metadata by hand.
Reflect.defineMetadata('design:paramtypes', [EventBus], PaluuWebhookPlugin);
VendurePlugin({ imports: [PluginCommonModule], compatibility: '^3.0.0' })(PaluuWebhookPlugin);
