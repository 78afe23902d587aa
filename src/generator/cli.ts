/**
 * `sijill generate --persons N [--seed S]`: fills the configured database with a synthetic
 * register. Progress goes to stderr; the last line on stdout is the JSON summary, so scripts
 * can parse it.
 */
import v8 from 'node:v8';
import { SingleBar, Presets } from 'cli-progress';
import { EventStore } from '../eventstore';
import { openStoreDatabase } from '../infrastructure/store.module';
import { generateRegister } from './generate';

export async function generateCommand(options: { persons: number; seed?: number }): Promise<void> {
  // appendBulk allocates a chunk's worth of short-lived strings and buffers; with V8's
  // default 16 MB semi-space most of them are copied to the old generation before they die.
  // This process only generates, so a larger young generation is safe (measured +10 %).
  v8.setFlagsFromString('--max-semi-space-size=32');
  const db = await openStoreDatabase();
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'generate |{bar}| {value}/{total} persons | {events} events',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(options.persons, 0, { events: 0 });
  try {
    const result = await generateRegister(new EventStore(db), {
      persons: options.persons,
      ...(options.seed !== undefined && { seed: options.seed }),
      onProgress: (p) => bar.update(Math.min(p.persons, options.persons), { events: p.events }),
    });
    bar.update(result.persons, { events: result.events });
    bar.stop();
    const { persons, events, seconds, eventsPerSec } = result;
    process.stdout.write(`${JSON.stringify({ persons, events, seconds, eventsPerSec })}\n`);
  } catch (error) {
    bar.stop();
    throw error;
  } finally {
    await db.close();
  }
}
