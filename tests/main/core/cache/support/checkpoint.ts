import type { CacheDatabase } from '../../../../../src/main/core/cache/database';

/**
 * Copy the whole WAL into the file and empty it, so a test that reads or damages the file works on
 * every page. The cache's checkpoint worker may hold the checkpoint lock for a moment, and the
 * pragma then answers "busy" instead of waiting: try again until it has run.
 */
export async function checkpointFully(db: CacheDatabase): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('The WAL could not be checkpointed: still busy after 5 s');
}
