// Loaded with --import into a bench child: the event loop's delay histogram (ms). On SIGUSR2 it
// writes what it saw since the last signal to ELD_OUT as JSON and starts again, so the bench reads
// one load run at a time. Measurement only; the app knows nothing of it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';

const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
const ms = (ns) => +(ns / 1e6).toFixed(1);
process.on('SIGUSR2', () => {
  if (process.env.ELD_OUT) writeFileSync(process.env.ELD_OUT, JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) }));
  h.reset();
});
