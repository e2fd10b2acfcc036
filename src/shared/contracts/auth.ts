import { z } from 'zod';
import { Id, StaffRole } from './domain';
import { Password, Username } from './fields';

/** The portal's local-account login. OpenID Connect (HelseID, ID-porten) enters behind the same tokens. */
export const LoginRequest = z.strictObject({ username: Username, password: Password });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(500) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const Principal = z.object({
  id: Id,
  kind: z.enum(['staff', 'patient']),
  role: z.union([StaffRole, z.literal('patient')]),
  displayName: z.string(),
});
export type Principal = z.infer<typeof Principal>;

export const TokenResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  principal: Principal,
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** Every error the portal answers with has this shape. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/**
 * How long a just-rotated refresh token may be presented again and get the same new pair back
 * (its answer was lost on the way, or several requests refreshed at once). Reuse after this
 * window revokes the whole session family, as a stolen token would.
 */
export const REFRESH_GRACE_SECONDS = 10;

/**
 * The codes the portal answers a refused refresh with (always 401). The workstation tells them
 * apart: an unknown or expired token means "sign in again" and keeps everything; the others mean
 * the portal ended the session for good.
 */
export const RefreshRefusal = {
  /** No such token (never issued, or long since pruned). */
  unknown: 'invalid_token',
  /** The refresh token outlived its lifetime: an ordinary end, not a revocation. */
  expired: 'refresh_token_expired',
  /** The session family was revoked (signed out, or revoked after a reuse). */
  revoked: 'session_revoked',
  /** A spent token presented after the grace window: possible theft, the family is revoked. */
  reused: 'refresh_token_reused',
  /** The account was deactivated. */
  inactive: 'account_inactive',
} as const;
export type RefreshRefusalCode = (typeof RefreshRefusal)[keyof typeof RefreshRefusal];
