/**
 * The app's own origin for absolute links (tracking links, emails, the OpenAPI server URL): APP_URL when
 * set (the public address; never a request's Host header, LK-16). Without it, the address this server
 * really listens on: `npm start` puts the port it listened on into PORT for the web server and the worker,
 * so a second instance on another port never links to :3000. HOST is used when it names one address.
 */
export function appOrigin(env: Record<string, string | undefined> = process.env): string {
  const configured = env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  const port = Number(env.PORT) > 0 ? Number(env.PORT) : 3000;
  const host = env.HOST?.trim();
  const name = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** An absolute link into the app, from APP_URL (else the address listened on): never from a request's Host header (LK-16). */
export function appUrl(path: string): string {
  return `${appOrigin()}${path}`;
}
