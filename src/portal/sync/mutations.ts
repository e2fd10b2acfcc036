import type { z } from 'zod';
import type { MutationPayloads, MutationType } from '../../shared/contracts/sync';
import type { Caller } from '../auth/principal';
import { setCaseloadCapacity } from '../care/capacity';
import { declineWaiting, enrolWaiting, reassignPatients } from '../care/enrolments';
import { markFeedbackGiven } from '../care/feedback';
import { acknowledgeFlag, raiseFlag, resolveFlag } from '../care/flags';
import { openRecord } from '../care/grants';
import { markMessagesRead, sendMessage } from '../care/messages';
import { addClinicalNote } from '../care/notes';
import { takeSupervisionSample } from '../care/supervision';
import { recordTherapistTime } from '../care/therapistTime';
import type { Queryable } from '../db/db';

type Handler<T extends MutationType> = (
  tx: Queryable,
  caller: Caller,
  payload: z.infer<(typeof MutationPayloads)[T]>,
) => Promise<void>;

/**
 * The portal's half of each staff mutation: the clinical use case in care/ that applies it. Each
 * runs inside its own transaction; push.ts turns a use case's refusal into the mutation's rejection.
 */
export const mutationHandlers: { [T in MutationType]: Handler<T> } = {
  'message.send': (tx, caller, { messageId, patientId, body }) =>
    sendMessage(tx, caller, { id: messageId, patientId, body }),
  'message.markRead': (tx, caller, { patientId, messageIds }) =>
    markMessagesRead(tx, caller, patientId, messageIds),
  'flag.acknowledge': (tx, caller, payload) => acknowledgeFlag(tx, caller, payload, new Date()),
  'flag.resolve': (tx, caller, payload) => resolveFlag(tx, caller, payload, new Date()),
  'flag.raise': (tx, caller, payload) => raiseFlag(tx, caller, payload),
  'note.add': (tx, caller, payload) => addClinicalNote(tx, caller, payload),
  'feedback.markGiven': (tx, caller, payload) => markFeedbackGiven(tx, caller, payload, new Date()),
  'record.open': (tx, caller, payload) => openRecord(tx, caller, payload),
  'waiting.enrol': (tx, caller, payload) => enrolWaiting(tx, caller, payload, new Date()),
  'waiting.decline': (tx, caller, payload) => declineWaiting(tx, caller, payload),
  'team.reassign': (tx, caller, payload) => reassignPatients(tx, caller, payload),
  'team.setCapacity': (tx, caller, payload) => setCaseloadCapacity(tx, caller, payload),
  'supervision.sample': (tx, caller, payload) => takeSupervisionSample(tx, caller, payload),
  'time.record': (tx, caller, payload) => recordTherapistTime(tx, caller, payload),
};
