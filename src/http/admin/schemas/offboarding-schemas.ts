// Admin API schemas of leaver checklists (src/directory/offboarding/offboarding-service.ts).
import { listOf, nullableString, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

export const OffboardingTask = {
  $id: 'OffboardingTask',
  description: 'A task the app asks to be done for every leaver.',
  type: 'object',
  required: ['key', 'name', 'description'],
  additionalProperties: false,
  properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' }, name: { type: 'string', maxLength: 200 }, description: nullableString },
} as const;

export const OffboardingTaskList = listOf('OffboardingTaskList', 'OffboardingTask', 'The declared tasks, in order (nextCursor is always null).');

export const OffboardingTasksPut = {
  $id: 'OffboardingTasksPut',
  type: 'object',
  required: ['tasks'],
  additionalProperties: false,
  properties: {
    tasks: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['key', 'name'],
        additionalProperties: false,
        properties: { key: { type: 'string', maxLength: 64 }, name: { type: 'string', maxLength: 200 }, description: { type: ['string', 'null'], maxLength: 1000 } },
      },
    },
  },
} as const;

export const Offboarding = {
  $id: 'Offboarding',
  description: "A leaver's checklist: started when the user was deprovisioned, complete when every task is done.",
  type: 'object',
  required: ['id', 'status', 'cause', 'user', 'startedAt', 'completedAt', 'cancelledAt', 'tasks'],
  additionalProperties: false,
  properties: {
    id: uuid,
    status: { type: 'string', enum: ['open', 'completed', 'cancelled'], description: 'cancelled: the user was rehired.' },
    cause: { type: 'string', enum: ['deprovisioned', 'deleted'] },
    user: {
      type: 'object',
      required: ['id', 'directoryId', 'userName', 'email', 'displayName', 'managerId'],
      additionalProperties: false,
      description: 'The leaver as they were (the user may since have been removed).',
      properties: { id: uuid, directoryId: uuid, userName: { type: 'string' }, email: nullableString, displayName: nullableString, managerId: { ...nullableString, description: 'To hand work over to.' } },
    },
    startedAt: timestamp,
    completedAt: nullableTimestamp,
    cancelledAt: nullableTimestamp,
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'name', 'done', 'doneAt', 'doneBy', 'note'],
        additionalProperties: false,
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          done: { type: 'boolean' },
          doneAt: nullableTimestamp,
          doneBy: { ...nullableString, description: "Who marked it done: the doneBy the app sent, else the admin key's name." },
          note: nullableString,
        },
      },
    },
  },
} as const;

export const OffboardingList = listOf('OffboardingList', 'Offboarding', "An organization's offboardings, newest first.");

export const OffboardingTaskMark = {
  $id: 'OffboardingTaskMark',
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    done: { type: 'boolean', default: true },
    note: { type: ['string', 'null'], maxLength: 1000 },
    doneBy: { type: ['string', 'null'], maxLength: 320, description: "Who did it (a person of the app); default: the admin key's name." },
  },
} as const;

export const OffboardingQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['open', 'completed', 'cancelled', 'all'], default: 'open' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    after: { type: 'string' },
  },
} as const;
