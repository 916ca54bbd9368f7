// Access reviews of an organization: campaigns, their items and decisions, and the evidence (CSV, printable report).
import type { FastifyInstance } from 'fastify';
import { closeReview, createReview, decide, evidenceCsv, evidenceReport, getReview, pageItems, pageReviews } from '../../access/access-review-service.ts';
import type { Db } from '../../store/db.ts';
import { AccessReviewItemQuery } from './schemas/access-review-schemas.ts';
import { idParams, operation, pathParams, ref, responses } from './schemas/common-schemas.ts';

const TAG = 'access-reviews';
const org = idParams('organization');
const reviewParams = pathParams(['id', 'reviewId'] as const, { id: "The organization's id (UUID)", reviewId: "The access review's id (UUID)" });
const itemParams = pathParams(['id', 'reviewId', 'itemId'] as const, { id: "The organization's id (UUID)", reviewId: "The access review's id (UUID)", itemId: "The item's id (UUID)" });
const text = (media: string, description: string) => ({ description, content: { [media]: { schema: { type: 'string' } } } });

const schemas = {
  create: { ...operation(TAG, 'createAccessReview', 'Open an access review of the grants in scope now'), params: org, body: ref('AccessReviewCreate'), response: responses({ 201: ref('AccessReview') }) },
  list: { ...operation(TAG, 'listAccessReviews', "An organization's access reviews with their counts"), params: org, response: responses({ 200: ref('AccessReviewList') }) },
  get: { ...operation(TAG, 'getAccessReview', 'An access review with its counts'), params: reviewParams, response: responses({ 200: ref('AccessReview') }) },
  items: { ...operation(TAG, 'listAccessReviewItems', "An access review's items, by reviewer or decided"), params: reviewParams, documentedQuerystring: AccessReviewItemQuery, response: responses({ 200: ref('AccessReviewItemList') }) },
  decide: { ...operation(TAG, 'decideAccessReviewItem', 'Keep or revoke a grant under review'), params: itemParams, body: ref('AccessReviewDecision'), response: responses({ 200: ref('AccessReviewItem') }) },
  close: { ...operation(TAG, 'closeAccessReview', 'Close an access review: no more decisions'), params: reviewParams, response: responses({ 200: ref('AccessReview') }) },
  csv: { ...operation(TAG, 'accessReviewEvidenceCsv', 'The evidence as CSV: user, role, source, reviewer, decision, reason, decided_at, outcome'), params: reviewParams, response: responses({ 200: text('text/csv', 'One line per item, RFC 4180') }) },
  report: { ...operation(TAG, 'accessReviewReport', 'The evidence as a printable HTML page'), params: reviewParams, response: responses({ 200: text('text/html', 'The campaign summary and every item') }) },
};

type ReviewParams = { id: string; reviewId: string };

/** Registers the access review routes on the admin plugin. */
export function registerAccessReviewRoutes(app: FastifyInstance, opts: { db: Db; now: () => Date }): void {
  const { db, now } = opts;
  const base = '/organizations/:id/access-reviews';
  app.post(base, { schema: schemas.create }, async (request, reply) => {
    const { id } = request.params as { id: string };
    return reply.code(201).send(await db.transaction().execute((trx) => createReview(trx, id, request.body as Record<string, unknown>, now())));
  });
  app.get(base, { schema: schemas.list }, async (request) => pageReviews(db, (request.params as { id: string }).id));
  app.get(`${base}/:reviewId`, { schema: schemas.get }, async (request) => {
    const { id, reviewId } = request.params as ReviewParams;
    return getReview(db, id, reviewId);
  });
  app.get(`${base}/:reviewId/items`, { schema: schemas.items }, async (request) => {
    const { id, reviewId } = request.params as ReviewParams;
    return pageItems(db, id, reviewId, request.query as Record<string, unknown>);
  });
  app.post(`${base}/:reviewId/items/:itemId/decision`, { schema: schemas.decide }, async (request) => {
    const { id, reviewId, itemId } = request.params as ReviewParams & { itemId: string };
    return db.transaction().execute((trx) => decide(trx, id, reviewId, itemId, request.body as Record<string, unknown>, now()));
  });
  app.post(`${base}/:reviewId/close`, { schema: schemas.close }, async (request) => {
    const { id, reviewId } = request.params as ReviewParams;
    return db.transaction().execute((trx) => closeReview(trx, id, reviewId, now()));
  });
  app.get(`${base}/:reviewId/evidence.csv`, { schema: schemas.csv }, async (request, reply) => {
    const { id, reviewId } = request.params as ReviewParams;
    const csv = await evidenceCsv(db, id, reviewId);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="access-review-${reviewId}.csv"`).send(csv);
  });
  app.get(`${base}/:reviewId/report`, { schema: schemas.report }, async (request, reply) => {
    const { id, reviewId } = request.params as ReviewParams;
    const html = await evidenceReport(db, id, reviewId, now());
    // The page carries only escaped data: no script may run in it, whatever a reason says.
    return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(html);
  });
}
