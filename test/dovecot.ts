import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway Dovecot IMAP server for one test file: its own config, passwd-file user and maildir in a
 * temp dir, listening on a free loopback port in 11143–11199 (never the system service). Dovecot comes
 * from Debian's dovecot-imapd, installed by scripts/ensure-dovecot.mjs (run here when it is missing).
 */
const DOVECOT = process.env.DOVECOT_PATH || '/usr/sbin/dovecot';

function ensureInstalled() {
  if (existsSync(DOVECOT)) return;
  const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/ensure-dovecot.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(DOVECOT)) {
    throw new Error(`Dovecot is needed for the IMAP tests and could not be installed: run \`node scripts/ensure-dovecot.mjs\` (or apt-get install dovecot-imapd) and see its message.`);
  }
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export type Dovecot = { port: number; user: string; password: string; url: string; stop(): Promise<void> };

export async function startDovecot(): Promise<Dovecot> {
  ensureInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paluu-dovecot-'));
  chmodSync(dir, 0o755);
  const user = 'support';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const isRoot = process.getuid?.() === 0;
  // Dovecot refuses mail access as root: the mailbox belongs to `nobody` when the tests run as root.
  const uid = isRoot ? 65534 : process.getuid!();
  const gid = isRoot ? 65534 : process.getgid!();
  const osUser = isRoot ? null : os.userInfo().username;
  mkdirSync(path.join(dir, 'mail'), { mode: 0o777 });
  chmodSync(path.join(dir, 'mail'), 0o777);
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${dir}/mail/${user}::\n`);
  let port = 0;
  for (let i = 0; i < 40 && !port; i++) {
    const candidate = 11143 + Math.floor(Math.random() * 57);
    if (await portFree(candidate)) port = candidate;
  }
  if (!port) throw new Error('no free port in 11143–11199 for Dovecot');
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(uid, 500)}
mail_location = maildir:${dir}/mail/%u
${osUser ? `default_login_user = ${osUser}\ndefault_internal_user = ${osUser}\n` : ''}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = existsSync(path.join(dir, 'dovecot.log')) ? spawnSync('cat', [path.join(dir, 'dovecot.log')]).stdout.toString() : '';
      throw new Error(`Dovecot did not start on port ${port}: ${output}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
