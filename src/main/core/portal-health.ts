import axios from 'axios';
import { z } from 'zod';

const Health = z.object({ demo: z.boolean() });

/**
 * Whether a configured portal holds the demo clinic (its /health says so), for the sign-in screen.
 * Asked once at start with a short timeout: an unreachable or older portal counts as not a demo.
 */
export async function portalIsDemo(origin: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await axios.get<unknown>(`${origin}/health`, { timeout: timeoutMs });
    const parsed = Health.safeParse(response.data);
    return parsed.success && parsed.data.demo;
  } catch {
    return false;
  }
}
