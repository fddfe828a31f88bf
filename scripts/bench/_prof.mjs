import { BASE, measure, startDatabase, startServer, stopServer } from './stack.mjs';
const { database, db } = await startDatabase();
const server = await startServer(database.url, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']);
const rows = [];
rows.push(await measure(process.env.P, `${BASE}${process.env.P}`));
console.table(rows);
await stopServer(server); await db.$end(); await database.stop(); process.exit(0);
