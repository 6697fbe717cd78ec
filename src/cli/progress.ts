// A progress bar with events/s on a TTY; nothing at all in pipes, so output stays machine-readable.

import cliProgress from 'cli-progress';

export interface Progress {
  update(events: number, extra?: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true): Progress {
  if (!enabled) return SILENT;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {value} events | {rate} events/s | {extra}`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { rate: 0, extra: '' });
  return {
    update(events, extra = '') {
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(events);
      bar.update(events, { rate: Math.round(events / secs), extra });
    },
    stop() {
      bar.stop();
    },
  };
}
