import type { Principal } from '../../shared/contracts/auth';

/** Who is calling, as established from their access token. */
export interface AuthenticatedPrincipal extends Principal {
  sessionId: string;
}

/** Everything a handler needs to know about the request it serves. */
export interface Caller {
  principal: AuthenticatedPrincipal;
  requestId: string;
}
