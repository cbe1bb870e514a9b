/** A long step: `tick` after each unit, `done` at the end. */
export interface ProgressStep {
  tick(detail?: string): void;
  done(detail?: string): void;
}

/** Where progress goes: bars on a terminal, plain lines otherwise. */
export interface Progress {
  step(label: string, total: number): ProgressStep;
  line(message: string): void;
}

const WIDTH = 24;

/**
 * Progress for a stream: a redrawn bar when it is a TTY, one line per step start and end
 * otherwise (logs and CI stay readable).
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Progress {
  const tty = stream.isTTY === true;
  return {
    line: (message) => stream.write(`${message}\n`),
    step(label, total) {
      let count = 0;
      const started = performance.now();
      const draw = (detail = '') => {
        const filled = total === 0 ? WIDTH : Math.round((count / total) * WIDTH);
        stream.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${count}/${total} ${detail}\u001b[K`,
        );
      };
      if (tty) draw();
      else stream.write(`${label}: ${total} steps\n`);
      return {
        tick(detail) {
          count += 1;
          if (tty) draw(detail);
        },
        done(detail = '') {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          if (tty) {
            draw(detail);
            stream.write('\n');
          } else
            stream.write(
              `${`${label}: done ${count}/${total} in ${seconds} s ${detail}`.trimEnd()}\n`,
            );
        },
      };
    },
  };
}

/** Progress that prints nothing (tests, --json). */
export const silentProgress: Progress = {
  line: () => {},
  step: () => ({ tick: () => {}, done: () => {} }),
};
