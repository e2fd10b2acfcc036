import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

/**
 * Which portal the workstation talks to: the environment variable PORTAL_URL, else `portalUrl`
 * in settings.json in the user-data directory, else the embedded demo portal on loopback.
 */
export const SETTINGS_FILE = 'settings.json';

const PortalUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((url) => {
    // Zod runs refinements even after the URL check failed.
    if (!URL.canParse(url)) return false;
    const { protocol, hostname } = new URL(url);
    // Patient data never crosses a network unencrypted; plain http only to this machine.
    return protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  }, 'must use https (plain http only for localhost)');

export const Settings = z.strictObject({
  portalUrl: PortalUrl.optional(),
  /**
   * Lock sooner than the clinic's idle lock (its settings, fetched from the portal) on this
   * machine: the shorter of the two applies.
   */
  idleLockMinutes: z.number().int().min(1).max(120).optional(),
  /** The clinic's own message templates (resources/templates/README.md), as an absolute path. */
  templatesDir: z
    .string()
    .max(1000)
    .refine((path) => isAbsolute(path), 'must be an absolute path')
    .optional(),
});
export type Settings = z.infer<typeof Settings>;

export type PortalChoice =
  { kind: 'configured'; origin: string; source: 'env' | 'settings' } | { kind: 'embedded-demo' };

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function resolvePortal(userDataDir: string, env: NodeJS.ProcessEnv = process.env): PortalChoice {
  const fromEnv = env.PORTAL_URL?.trim();
  if (fromEnv) {
    const parsed = PortalUrl.safeParse(fromEnv);
    if (!parsed.success)
      throw new SettingsError(`PORTAL_URL is not a usable portal address: ${issuesOf(parsed.error)}`);
    return { kind: 'configured', origin: new URL(parsed.data).origin, source: 'env' };
  }
  const settings = readSettings(userDataDir);
  if (settings.portalUrl)
    return { kind: 'configured', origin: new URL(settings.portalUrl).origin, source: 'settings' };
  return { kind: 'embedded-demo' };
}

/** The settings file; an absent file means defaults, a malformed one is an error naming the file. */
export function readSettings(userDataDir: string): Settings {
  const path = join(userDataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SettingsError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError(`${path} is not valid JSON`);
  }
  const parsed = Settings.safeParse(json);
  if (!parsed.success) throw new SettingsError(`${path} is not valid: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

/** The directory for the encrypted cache files. */
export function cacheDirOf(userDataDir: string): string {
  return join(userDataDir, 'cache');
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}
