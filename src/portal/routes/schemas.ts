import { z } from 'zod';
import { ApiError } from '../../shared/contracts/auth';

/** Error answers every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  413: ApiError,
  503: ApiError,
} as const;

export const Ok = z.object({ ok: z.literal(true) });
