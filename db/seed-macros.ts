/** Demo canned replies (staff desk macros) per language; placeholders are filled on the case page. */
export const demoMacros: Array<{ key: string; locale: 'fi' | 'sv' | 'en' | 'da' | 'nb'; title: string; body: string }> = [
  { key: 'tracking', locale: 'en', title: 'Where is my parcel', body: 'Thank you for your message, {firstName}. Your order {orderNumber} is on its way. You can follow the {carrier} parcel {trackingNumber} here: {trackingLink}' },
  { key: 'return-received', locale: 'en', title: 'Return received', body: 'Hello {firstName}, we have received your return {rma}. We will process it within a few working days and let you know.' },
  { key: 'more-info', locale: 'en', title: 'Ask for more details', body: 'Hello {firstName}, thank you for contacting us about order {orderNumber}. Could you tell us a little more, and send a photo if something is damaged?' },
  { key: 'tracking', locale: 'fi', title: 'Missä pakettini on', body: 'Kiitos viestistäsi, {firstName}. Tilauksesi {orderNumber} on matkalla. Voit seurata {carrier}-pakettia {trackingNumber} täällä: {trackingLink}' },
  { key: 'return-received', locale: 'fi', title: 'Palautus vastaanotettu', body: 'Hei {firstName}, olemme vastaanottaneet palautuksesi {rma}. Käsittelemme sen muutaman arkipäivän kuluessa ja ilmoitamme sinulle.' },
  { key: 'more-info', locale: 'fi', title: 'Pyydä lisätietoja', body: 'Hei {firstName}, kiitos yhteydenotostasi tilaukseen {orderNumber} liittyen. Voisitko kertoa hieman tarkemmin ja lähettää kuvan, jos jokin on vaurioitunut?' },
  { key: 'tracking', locale: 'sv', title: 'Var är mitt paket', body: 'Tack för ditt meddelande, {firstName}. Din beställning {orderNumber} är på väg. Du kan följa {carrier}-paketet {trackingNumber} här: {trackingLink}' },
  { key: 'return-received', locale: 'sv', title: 'Retur mottagen', body: 'Hej {firstName}, vi har tagit emot din retur {rma}. Vi behandlar den inom några arbetsdagar och hör av oss.' },
  { key: 'tracking', locale: 'da', title: 'Hvor er min pakke', body: 'Tak for din besked, {firstName}. Din ordre {orderNumber} er på vej. Du kan følge {carrier}-pakken {trackingNumber} her: {trackingLink}' },
  { key: 'tracking', locale: 'nb', title: 'Hvor er pakken min', body: 'Takk for meldingen din, {firstName}. Bestillingen din {orderNumber} er på vei. Du kan følge {carrier}-pakken {trackingNumber} her: {trackingLink}' },
];
