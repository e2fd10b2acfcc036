import { z } from 'zod';
import { Id, StaffRole } from './domain';

/** The portal's local-account login. OpenID Connect (HelseID, ID-porten) enters behind the same tokens. */
export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});
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
