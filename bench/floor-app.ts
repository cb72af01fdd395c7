/**
 * The floor for ack latency: a bare Bolt app in HTTP mode whose only listener acks.
 * Same Bolt, same signature checks, nothing else: the fastest any Bolt app can answer.
 */
import { App, LogLevel } from '@slack/bolt';

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
app.command(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT ?? 0));
process.stdout.write('ready\n');
