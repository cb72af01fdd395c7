/**
 * The floor: a bare Bolt app in HTTP mode. Its listener acks; with DATABASE_URL set it then
 * does the least work a command can do (one indexed query, one `response_url` post), the floor
 * for time to answer. Same Bolt, same signature checks, nothing else.
 */
import { App, LogLevel } from '@slack/bolt';
import postgres from 'postgres';

const sql = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} }) : undefined;

const app = new App({
  token: 'xoxb-floor',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret',
  tokenVerificationEnabled: false,
  // Known ids: Bolt then never calls auth.test (there is no Slack to call here).
  botId: 'BFLOOR',
  botUserId: 'UFLOOR',
  logLevel: LogLevel.ERROR,
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void res.end('ok') }],
});
app.command(/.*/, async ({ ack, command, respond }) => {
  await ack();
  if (!sql) return;
  // The teams_channel_uq index: the lookup every command of ours starts with.
  const rows = await sql`select id, name from teams where workspace_id = ${command.team_id} and channel_id = ${command.channel_id}`;
  await respond({ response_type: 'ephemeral', text: `team ${rows[0]?.name ?? 'none'}` });
});
await app.start(Number(process.env.PORT ?? 0));
process.stdout.write('ready\n');

// Exit on SIGTERM as the app does, so `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));
