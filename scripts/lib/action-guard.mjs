// Screens server-action requests in scripts/server.mjs before Next.js reads a byte of their body.
// Next.js accepts every action body up to serverActions.bodySizeLimit (52 MB for the claim photos), answers
// 500 to a cross-origin POST, a broken body or arguments of the wrong kind, and keeps a proxied page POST in
// memory whole. Here each action gets only what it needs, and bad requests get 400/403/413 with a localized text.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const KB = 1024;
const MB = 1024 * KB;

/** What an action's first arguments are, as the app's own client sends them (checked in the decoded body). */
// 'form': (formData) · 'state+form': (previousState, formData) · 'string': (code) · 'none': () · 'object': ({…}) · 'any': (unknown)
export const ACTION_POLICIES = Object.freeze({
  // Customer pages
  lookupOrderAction: { args: 'state+form', maxBytes: 8 * KB },
  requestAccessLinkAction: { args: 'state+form', maxBytes: 8 * KB },
  redeemAccessLinkAction: { args: 'form', maxBytes: 8 * KB },
  submitCsatScoreAction: { args: 'form', maxBytes: 8 * KB },
  submitCsatCommentAction: { args: 'object', maxBytes: 16 * KB },
  optOutAction: { args: 'form', maxBytes: 8 * KB },
  // Up to 5 photos of ≤ 10 MB each (PHOTO_LIMITS) and the claim's fields.
  submitClaimAction: { args: 'form', maxBytes: 5 * 10 * MB + 256 * KB, stream: true },
  submitReturnAction: { args: 'any', maxBytes: 64 * KB },
  chooseRemedyAction: { args: 'form', maxBytes: 8 * KB },
  cancelReturnAction: { args: 'form', maxBytes: 8 * KB },
  sendCustomerMessageAction: { args: 'state+form', maxBytes: 32 * KB },
  // A question about the order (≤ 5,000 characters, multi-byte in the worst case).
  askAboutOrderAction: { args: 'state+form', maxBytes: 32 * KB },
  identifyWithdrawalAction: { args: 'object', maxBytes: 8 * KB },
  confirmWithdrawalAction: { args: 'object', maxBytes: 32 * KB },
  // Staff desk: sign-in
  loginAction: { args: 'state+form', maxBytes: 8 * KB },
  verifyTwoFactorAction: { args: 'state+form', maxBytes: 8 * KB },
  startEnrolmentAction: { args: 'none', maxBytes: 4 * KB },
  confirmEnrolmentAction: { args: 'string', maxBytes: 4 * KB },
  logoutAction: { args: 'none', maxBytes: 4 * KB },
  logoutEverywhereAction: { args: 'none', maxBytes: 4 * KB },
  acceptInviteAction: { args: 'object', maxBytes: 8 * KB },
  // Staff desk: settings that carry more text (policy, templates) or a file (logo ≤ 1 MB: a little over it
  // still reaches the action, which names the limit).
  saveReturnPolicyAction: { args: 'any', maxBytes: 256 * KB },
  previewReturnPolicyAction: { args: 'object', maxBytes: 256 * KB },
  saveBrandingAction: { args: 'any', maxBytes: 64 * KB },
  uploadLogoAction: { args: 'form', maxBytes: 2 * MB },
  removeLogoAction: { args: 'none', maxBytes: 4 * KB },
  saveEmailTemplatesAction: { args: 'any', maxBytes: 512 * KB },
  resetEmailTemplateAction: { args: 'any', maxBytes: 8 * KB },
  // Staff desk: cases, returns, delays, approvals, carriers, staff, API keys, privacy, SLA, reports
  updateCaseAction: { args: 'object', maxBytes: 64 * KB },
  revokeTrackingLinksAction: { args: 'object', maxBytes: 8 * KB },
  assignCaseAction: { args: 'object', maxBytes: 8 * KB },
  // A reply or note with up to 5 files of ≤ 5 MB each (lib/cases/attachment-rules.ts).
  replyAction: { args: 'object', maxBytes: 5 * 5 * MB + 256 * KB, stream: true },
  addNoteAction: { args: 'object', maxBytes: 5 * 5 * MB + 256 * KB, stream: true },
  bulkAction: { args: 'object', maxBytes: 64 * KB },
  approveReturnAction: { args: 'object', maxBytes: 8 * KB },
  retryReturnLabelAction: { args: 'object', maxBytes: 8 * KB },
  refetchReturnLabelAction: { args: 'object', maxBytes: 8 * KB },
  rebookReturnLabelAction: { args: 'object', maxBytes: 8 * KB },
  rejectReturnAction: { args: 'object', maxBytes: 16 * KB },
  inspectReturnAction: { args: 'object', maxBytes: 64 * KB },
  completeReturnAction: { args: 'object', maxBytes: 64 * KB },
  // A pending parcel's carrier and tracking number.
  shipPendingParcelAction: { args: 'object', maxBytes: 8 * KB },
  // A pending parcel booked with its carrier: its id only.
  bookPendingParcelAction: { args: 'object', maxBytes: 8 * KB },
  // Staff's deliberate "book again" of a pending parcel whose earlier booking went unanswered: its id only.
  rebookPendingParcelAction: { args: 'object', maxBytes: 8 * KB },
  // Staff mark a pending parcel's open carrier booking abandoned after checking the carrier's portal: its id only.
  dismissParcelBookingAction: { args: 'object', maxBytes: 8 * KB },
  grantGoodwillAction: { args: 'object', maxBytes: 16 * KB },
  // A claim's answer: the decision and a message of ≤ 2,000 characters.
  decideClaimAction: { args: 'object', maxBytes: 16 * KB },
  resendCsatAction: { args: 'object', maxBytes: 8 * KB },
  issueApprovedCompensationAction: { args: 'object', maxBytes: 8 * KB },
  receiveReturnAction: { args: 'object', maxBytes: 64 * KB },
  // The receiving desk's one Confirm: per item units, grade and restock, and an optional note (≤ 2,000 characters).
  confirmReceivingAction: { args: 'object', maxBytes: 64 * KB },
  sendNoticesAction: { args: 'object', maxBytes: 64 * KB },
  sendGroupAction: { args: 'object', maxBytes: 64 * KB },
  dismissIncidentsAction: { args: 'object', maxBytes: 64 * KB },
  setSendPolicyAction: { args: 'object', maxBytes: 8 * KB },
  approveCompensationAction: { args: 'object', maxBytes: 8 * KB },
  rejectCompensationAction: { args: 'object', maxBytes: 16 * KB },
  saveCarrierConnectionAction: { args: 'object', maxBytes: 32 * KB },
  setCarrierSecretAction: { args: 'object', maxBytes: 16 * KB },
  rotateWebhookSecretAction: { args: 'object', maxBytes: 8 * KB },
  endWebhookRotationAction: { args: 'object', maxBytes: 8 * KB },
  saveDelayThresholdsAction: { args: 'object', maxBytes: 32 * KB },
  inviteStaffAction: { args: 'object', maxBytes: 8 * KB },
  changeStaffRoleAction: { args: 'object', maxBytes: 8 * KB },
  disableStaffAction: { args: 'object', maxBytes: 8 * KB },
  enableStaffAction: { args: 'object', maxBytes: 8 * KB },
  resetStaffTwoFactorAction: { args: 'object', maxBytes: 8 * KB },
  resendInviteAction: { args: 'object', maxBytes: 8 * KB },
  createApiKeyAction: { args: 'object', maxBytes: 8 * KB },
  revokeApiKeyAction: { args: 'object', maxBytes: 8 * KB },
  // Webhook endpoints (app/staff/settings/webhooks): a URL ≤ 2000 characters, ≤ 27 event types, a description.
  createWebhookEndpointAction: { args: 'object', maxBytes: 16 * KB },
  updateWebhookEndpointAction: { args: 'object', maxBytes: 16 * KB },
  deleteWebhookEndpointAction: { args: 'object', maxBytes: 4 * KB },
  rotateEndpointSecretAction: { args: 'object', maxBytes: 4 * KB },
  sendTestWebhookAction: { args: 'object', maxBytes: 4 * KB },
  resendWebhookDeliveryAction: { args: 'object', maxBytes: 4 * KB },
  saveRetentionAction: { args: 'object', maxBytes: 16 * KB },
  exportCustomerAction: { args: 'object', maxBytes: 8 * KB },
  eraseCustomerAction: { args: 'object', maxBytes: 8 * KB },
  saveSlaAction: { args: 'object', maxBytes: 16 * KB },
  refreshReportsAction: { args: 'object', maxBytes: 8 * KB },
  // Live desk: "typing" pings (a case id and a flag).
  typingAction: { args: 'object', maxBytes: 4 * KB },
  // Refund ledger and bank-transfer payouts.
  retryRefundAction: { args: 'object', maxBytes: 4 * KB },
  // A compensation's code the shop's platform refused: sent again.
  retryPlatformCodeAction: { args: 'object', maxBytes: 4 * KB },
  savePayoutAccountAction: { args: 'object', maxBytes: 8 * KB },
  exportPayoutBatchAction: { args: 'none', maxBytes: 4 * KB },
  markPayoutBatchPaidAction: { args: 'object', maxBytes: 4 * KB },
  // Carrier booking: "Test connection".
  testCarrierConnectionAction: { args: 'object', maxBytes: 4 * KB },
  // Commerce platforms (app/staff/settings/integrations): a shop domain, an access token and a webhook secret.
  addShopifyAction: { args: 'object', maxBytes: 16 * KB },
  // … or a WooCommerce store: its address, REST key and secret, and the webhook secret.
  addWooAction: { args: 'object', maxBytes: 16 * KB },
  removeIntegrationAction: { args: 'object', maxBytes: 4 * KB },
  backfillAction: { args: 'object', maxBytes: 4 * KB },
  testConnectionAction: { args: 'object', maxBytes: 4 * KB },
  // Automation rules (app/staff/settings/automation): a rule (the form's object, then the rule's id or null:
  // two arguments) with its conditions and actions; the list's buttons; an agent's languages and capacity.
  saveRuleAction: { args: 'any', maxBytes: 64 * KB },
  deleteRuleAction: { args: 'object', maxBytes: 4 * KB },
  moveRuleAction: { args: 'object', maxBytes: 4 * KB },
  toggleRuleAction: { args: 'object', maxBytes: 4 * KB },
  setAgentRoutingAction: { args: 'object', maxBytes: 8 * KB },
  // Teams (Settings → Staff): a name, a team id and a name, a team id, a team id and ≤ 500 member ids; the case
  // header's team picker (a case id, its version and a team id or null).
  createTeamAction: { args: 'object', maxBytes: 4 * KB },
  renameTeamAction: { args: 'object', maxBytes: 4 * KB },
  deleteTeamAction: { args: 'object', maxBytes: 4 * KB },
  setTeamMembersAction: { args: 'object', maxBytes: 32 * KB },
  setCaseTeamAction: { args: 'object', maxBytes: 4 * KB },
  // Scheduled report emails (app/staff/settings/reports): a schedule (≤ 10 recipient ids) and its id or null; delete by id.
  saveReportScheduleAction: { args: 'any', maxBytes: 8 * KB },
  deleteReportScheduleAction: { args: 'object', maxBytes: 4 * KB },
});

/** An action this table does not know yet (a new one): the common case, with no argument check. */
export const DEFAULT_POLICY = Object.freeze({ args: 'any', maxBytes: 64 * KB });
/** A POST to a page without a Next-Action header (a form sent without JavaScript, or a crafted body). */
export const PAGE_POST_POLICY = Object.freeze({ args: 'any', maxBytes: 64 * KB });

/** id → { name, policy } from the build's server-reference manifest. */
export function loadActions(distDir = '.next') {
  const file = path.join(distDir, 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const actions = new Map();
  for (const runtime of ['node', 'edge']) {
    for (const [id, entry] of Object.entries(manifest[runtime] ?? {})) {
      const name = entry?.exportedName;
      actions.set(id, { name: name ?? null, policy: (name && ACTION_POLICIES[name]) || DEFAULT_POLICY });
    }
  }
  return actions;
}

function hostOf(origin) {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * The first check, on the headers only. Returns { status, reason } to refuse, or { policy } for the body.
 * Applies to POSTs of pages (not /api, whose route handlers cap their own bodies).
 */
export function screenActionHeaders(req, { actions, appUrl, lenient = false }) {
  // Any body sent to a page (PUT, PATCH… too) would be buffered whole for the proxy: the same limits apply.
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  if (req.method === 'GET' || req.method === 'HEAD' || (req.method !== 'POST' && !hasBody)) return null;
  const pathname = (req.url ?? '/').split('?')[0];
  if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/_next/')) return null;
  const actionId = req.headers['next-action'];

  // CSRF (Next.js answers 500 here): an Origin, when sent, must be this site (Host or X-Forwarded-Host) or APP_URL.
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const originHost = origin === 'null' ? 'null' : hostOf(origin);
    const forwardedHost = String(req.headers['x-forwarded-host'] ?? '').split(',')[0].trim();
    const allowed = new Set([req.headers.host, forwardedHost, appUrl ? hostOf(appUrl) : null].filter(Boolean));
    if (!originHost || !allowed.has(originHost)) return { status: 403, reason: 'crossOrigin' };
  }

  let policy = PAGE_POST_POLICY;
  if (actionId !== undefined) {
    const action = typeof actionId === 'string' ? actions.get(actionId) : undefined;
    // In development the manifest grows as pages compile: an id not seen yet is left to Next.js.
    if (!action && !lenient) return { status: 400, reason: 'unknownAction' };
    policy = action?.policy ?? DEFAULT_POLICY;
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('text/plain') && !/^multipart\/form-data;\s*boundary=/.test(type)) return { status: 400, reason: 'badBody' };
  }

  const length = req.headers['content-length'];
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) return { status: 400, reason: 'badBody' };
    if (Number(length) > policy.maxBytes) return { status: 413, reason: 'tooLarge', policy };
  } else if (policy.stream || actionId === undefined) {
    // Say the size up front (browsers always do): a big upload, or a page POST Next.js would buffer whole
    // for the proxy, is then refused before it is read. Small actions are counted as they stream in.
    return { status: 411, reason: 'tooLarge', policy };
  }
  return { policy, isAction: actionId !== undefined };
}

/** Reads at most maxBytes of the body: the bytes, or null when there is more. */
export function readBodyCapped(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let total = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      total += chunk.length;
      if (total > maxBytes) {
        done = true;
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFormRef = (value) => typeof value === 'string' && /^\$K[0-9a-f]+$/.test(value);

/** The action's arguments as the app's client encodes them (React's encodeReply), checked against the policy. */
export function argsMatch(args, kind) {
  if (!Array.isArray(args)) return false;
  switch (kind) {
    case 'form':
      return isFormRef(args[0]);
    case 'state+form':
      return args.length >= 2 && isFormRef(args[1]);
    case 'string':
      return typeof args[0] === 'string';
    case 'object':
      return isObject(args[0]) || (typeof args[0] === 'string' && /^\$[0-9a-f]+$/.test(args[0]));
    default:
      return true;
  }
}

/**
 * Checks a buffered action body: it must decode (JSON, or multipart with the root row) and its
 * arguments must be of the kind the action takes. Returns null when fine, else a reason.
 */
export async function checkActionBody(body, contentType, policy) {
  let root;
  const type = String(contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return 'badBody';
    }
    const value = form.get('0');
    if (typeof value !== 'string') return 'badBody';
    root = value;
    // FormData arguments point at rows of their own ("$K1" → fields "1_…"); nothing else is needed here.
  } else {
    root = body.toString('utf8');
  }
  let args;
  try {
    args = JSON.parse(root);
  } catch {
    return 'badBody';
  }
  return argsMatch(args, policy.args) ? null : 'badArguments';
}

const LOCALES = ['fi', 'sv', 'en', 'da', 'nb'];

/** The language of a refusal: the path's locale prefix, else Accept-Language, else English. */
export function refusalLocale(req) {
  const first = (req.url ?? '/').split('?')[0].split('/')[1];
  if (LOCALES.includes(first)) return first;
  for (const part of String(req.headers['accept-language'] ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().split('-')[0];
    const base = tag === 'no' || tag === 'nn' ? 'nb' : tag;
    if (LOCALES.includes(base)) return base;
  }
  return 'en';
}

/** "8 kB", "50 MB": the limit as the refusal names it. */
export function formatSize(bytes) {
  return bytes >= MB ? `${Math.floor(bytes / MB)} MB` : `${Math.max(1, Math.floor(bytes / KB))} kB`;
}
