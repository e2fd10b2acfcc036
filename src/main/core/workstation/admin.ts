import type { z } from 'zod';
import type { RiskRuleConfig } from '../../../shared/clinical/risk';
import {
  ClinicRiskRules,
  ClinicSettings,
  type NewStaffRequest,
  Organisation,
  ReferralCreated,
  type ReferralRequest,
  type SetupLink,
  StaffAccount,
  StaffWithLink,
} from '../../../shared/contracts/admin';
import { Team } from '../../../shared/contracts/domain';
import type { AccountView, HandOverLink, InvitedStaff, ReferredPatient } from '../../../shared/contracts/ipc';
import { SyncFailure } from '../sync/errors';
import { WorkstationError } from './errors';
import type { SyncEnginePort } from './ports';
import type { SessionController } from './session';

/**
 * The administrator's screens (and the referral, which team leads use too): calls to the portal's
 * admin API over the signed-in session's client. Nothing here touches the cache: configuration is
 * not synced clinical data, and each screen asks the portal afresh.
 */
export class AdminService {
  constructor(private readonly deps: { engine: SyncEnginePort; session: SessionController }) {}

  clinic = () => this.call(['admin'], 'GET', '/admin/clinic', null, Organisation);

  createTeam = (name: string) => this.call(['admin'], 'POST', '/admin/teams', { name }, Team);

  renameTeam = (teamId: string, name: string) =>
    this.call(['admin'], 'PATCH', `/admin/teams/${teamId}`, { name }, Team);

  createStaff = async (request: NewStaffRequest): Promise<InvitedStaff> => {
    const created = await this.call(['admin'], 'POST', '/admin/staff', request, StaffWithLink);
    return { staff: created.staff, link: this.handOver(created.setupLink) };
  };

  deactivateStaff = (staffId: string) =>
    this.call(['admin'], 'POST', `/admin/staff/${staffId}/deactivate`, null, StaffAccount);

  resetPassword = async (staffId: string): Promise<InvitedStaff> => {
    const reset = await this.call(
      ['admin'],
      'POST',
      `/admin/staff/${staffId}/reset-password`,
      null,
      StaffWithLink,
    );
    return { staff: reset.staff, link: this.handOver(reset.setupLink) };
  };

  saveSettings = (settings: ClinicSettings) =>
    this.call(['admin'], 'PUT', '/admin/settings', settings, ClinicSettings);

  riskRules = async () =>
    this.call(['admin'], 'GET', `/admin/clinics/${await this.clinicId()}/risk-rules`, null, ClinicRiskRules);

  saveRiskRules = async (config: RiskRuleConfig | null) =>
    this.call(
      ['admin'],
      'PUT',
      `/admin/clinics/${await this.clinicId()}/risk-rules`,
      { config },
      ClinicRiskRules,
    );

  refer = async (request: ReferralRequest): Promise<ReferredPatient> => {
    const created = await this.call(['admin', 'team_lead'], 'POST', '/referrals', request, ReferralCreated);
    return { patientId: created.patientId, link: this.handOver(created.setupLink) };
  };

  private async clinicId(): Promise<string> {
    return (await this.clinic()).clinic.id;
  }

  /** The whole address, on the portal this workstation talks to, for the user to hand over. */
  private handOver(link: SetupLink): HandOverLink {
    return { url: this.deps.engine.portalUrlOf(link.path), expiresAt: link.expiresAt };
  }

  private async call<T extends z.ZodType>(
    roles: AccountView['role'][],
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
    schema: T,
  ): Promise<z.infer<T>> {
    const state = this.deps.session.state();
    if (state.status === 'locked') throw new WorkstationError('locked', 'The workstation is locked');
    if (state.status !== 'ready') throw new WorkstationError('not-signed-in', 'Not signed in');
    if (!roles.includes(state.account.role))
      throw new WorkstationError('not-found', 'Not available for this role');
    try {
      return await this.deps.engine.portalRequest(method, path, body, schema);
    } catch (error) {
      throw asWorkstationError(error);
    }
  }
}

/**
 * A portal refusal as the screens can act on it: the portal's stable code (e.g. username_taken)
 * travels as the message, which the renderer translates; never a request or response body.
 */
function asWorkstationError(error: unknown): unknown {
  if (!(error instanceof SyncFailure)) return error;
  if (error.kind === 'offline' || error.kind === 'server')
    return new WorkstationError('portal-unreachable', 'The portal cannot be reached');
  if (error.httpStatus === 404) return new WorkstationError('not-found', error.code);
  if (error.httpStatus === 401) return new WorkstationError('not-signed-in', error.code);
  return new WorkstationError('conflict', error.code);
}
