import type { FastifyInstance, FastifyRequest } from 'fastify';
import { filterAsync } from '../shared/filter-async.js';
import type { Core, DependenciesOf } from '../modules/area-module.js';
import type { SecretsService } from './secrets-service.js';
import { ApiError, invalidRequest, validationError } from '../http/api-error.js';
import { BodyReader } from '../http/body-reader.js';
import { actorOf, booleanQuery, queryOf } from '../http/request-context.js';
import { decodeCursor, page, parseLimit } from '../http/pagination.js';
import { parseDuration } from '../shared/durations.js';
import { iso } from '../shared/time.js';
import { validatePrefix, validateSecretPath, validateWritablePath } from '../shared/secret-path.js';
import { validateSecretType } from './secret-types.js';
import { compileGlob } from '../policies/glob.js';
import { MAX_MAX_VERSIONS, type WriteSpec } from './secrets-service.js';

const MAX_BATCH_PATHS = 100;
/** How many secrets under a pattern's prefix `batch/metadata` expands a wildcard over. */
const MAX_EXPANSION = 10_000;
const DAY_MS = 86_400_000;

/** The raw `{path}` after `/v1/secrets/`, percent-decoded (so `%2e%2e` is caught as `..`). */
function pathParam(request: FastifyRequest): string {
  const raw = (request.params as Record<string, string | undefined>)['*'] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'invalid_path', 'The secret path is not valid percent-encoding', { path: raw.slice(0, 600) });
  }
}

/** Splits `a/b/versions` into the secret path and the operation suffix. */
function splitSuffix(path: string, suffixes: string[]): { path: string; suffix: string | undefined } {
  const slash = path.lastIndexOf('/');
  const last = path.slice(slash + 1);
  if (slash > 0 && suffixes.includes(last)) return { path: path.slice(0, slash), suffix: last };
  return { path, suffix: undefined };
}

function parseVersion(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) throw invalidRequest('version must be a positive integer', { version: value });
  return version;
}

function readWriteSpec(body: unknown): WriteSpec {
  const fields = new BodyReader(body);
  const data = fields.optionalObject('data');
  if (data === undefined && !fields.has('data')) fields.fail('data', 'required JSON object');
  const metadata = fields.optionalObject('metadata');
  const options = fields.optionalObject('options') ?? {};
  const optionFields = new BodyReader(options);
  const maxVersions = optionFields.optionalInteger('max_versions', 1, MAX_MAX_VERSIONS);
  const rotationPolicyId = optionFields.optionalString('rotation_policy_id', { max: 128 });
  const secretPolicyId = optionFields.optionalString('secret_policy_id', { max: 128 });
  try {
    optionFields.finish();
  } catch (error) {
    const problems = ((error as ApiError).details.fields ?? {}) as Record<string, string>;
    for (const [name, problem] of Object.entries(problems)) fields.fail(`options.${name}`, problem);
  }
  fields.finish();
  return {
    data: data!,
    secretType: fields.has('secret_type') ? validateSecretType(fields.raw('secret_type')) : undefined,
    metadata,
    maxVersions,
    expiresInMs:
      options.expires_in === undefined || options.expires_in === null ? undefined : parseDuration(options.expires_in, 'options.expires_in'),
    rotationPolicyId,
    secretPolicyId,
  };
}

export function registerSecretsRoutes(
  app: FastifyInstance,
  secrets: SecretsService,
  { events, policies }: DependenciesOf<'events' | 'policies'>,
  { clock }: Core,
): void {
  const { access } = policies;

  app.get('/v1/secrets', { config: { rate: 'list', action: 'list' } }, async (request) => {
    const actor = actorOf(request);
    const query = queryOf(request);
    const prefix = validatePrefix(query.prefix ?? '');
    request.ctx.auditPath = prefix === '' ? undefined : prefix;
    access.requireScope(actor, 'secrets:list');
    const limit = parseLimit(query.limit, 100, 1000);
    const rows = await secrets.list(actor.tenantId, prefix, decodeCursor<string>(query.cursor, 'string'), limit + 1);
    const result = page(rows, limit, (row) => row.path);
    return {
      secrets: (await filterAsync(result.items, (row) => access.permits(actor, row.path, 'list'))).map((row) => secrets.view(row)),
      cursor: result.cursor,
      has_more: result.has_more,
    };
  });

  app.get('/v1/secrets/expiring', { config: { rate: 'list', action: 'list' } }, async (request) => {
    const actor = actorOf(request);
    const query = queryOf(request);
    const prefix = validatePrefix(query.prefix ?? '');
    const days = query.days === undefined ? 30 : Number(query.days);
    if (!Number.isInteger(days) || days < 0 || days > 3650)
      throw invalidRequest('days must be an integer from 0 to 3650', { days: query.days });
    access.requireScope(actor, 'secrets:list');
    const now = clock();
    const rows = await filterAsync(await secrets.expiring(actor.tenantId, prefix, now + days * DAY_MS), (row) =>
      access.permits(actor, row.path, 'list'),
    );
    return {
      secrets: rows.map((row) => ({
        path: row.path,
        version: row.current_version,
        secret_type: row.secret_type,
        expires_at: iso(row.expires_at),
        days_remaining: Math.max(0, Math.floor((row.expires_at! - now) / DAY_MS)),
        expired: row.expires_at! <= now,
      })),
    };
  });

  app.post('/v1/secrets/batch', { config: { rate: 'batch_read', action: 'read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const fields = new BodyReader(request.body);
    const paths = fields.requiredStringArray('paths');
    const options = fields.optionalObject('options') ?? {};
    fields.finish();
    if (paths.length === 0 || paths.length > MAX_BATCH_PATHS) throw validationError({ paths: `between 1 and ${MAX_BATCH_PATHS} paths` });
    const version = parseVersion(options.version === undefined ? undefined : String(options.version));
    const includeMetadata = options.include_metadata === true;
    access.requireScope(actor, 'secrets:read');
    const found: Record<string, unknown> = {};
    const errors: Record<string, { code: string; message: string }> = {};
    for (const path of paths) {
      try {
        validateSecretPath(path);
        if (!(await access.permits(actor, path, 'read')))
          throw new ApiError(403, 'access_denied', `No policy permits read on '${path}'`, { path });
        const claim = await secrets.external.claim(actor.tenantId, path);
        const secret = claim?.read ? await claim.read(version) : await secrets.read(actor.tenantId, path, version);
        found[path] = includeMetadata ? secret : { data: secret.data, version: secret.version, secret_type: secret.secret_type };
        request.ctx.auditNotes.push({
          action: 'read',
          path,
          success: true,
          extra: { batch: true, ...(claim?.read ? { federation_backend: claim.backendId } : {}) },
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        request.ctx.auditNotes.push({ action: 'read', path, success: false, extra: { batch: true, error_code: error.code } });
        if (options.fail_fast === true) throw error;
        errors[path] = { code: error.code, message: error.message };
      }
    }
    reply.code(200);
    return { secrets: found, errors };
  });

  app.post('/v1/secrets/batch/metadata', { config: { rate: 'batch_read', action: 'list' } }, async (request) => {
    const actor = actorOf(request);
    const fields = new BodyReader(request.body);
    const requested = fields.requiredStringArray('paths');
    const expand = fields.optionalBoolean('expand_wildcards') ?? false;
    fields.finish();
    if (requested.length === 0 || requested.length > MAX_BATCH_PATHS)
      throw validationError({ paths: `between 1 and ${MAX_BATCH_PATHS} paths` });
    access.requireScope(actor, 'secrets:list');
    const paths: string[] = [];
    const errors: Record<string, { code: string; message: string }> = {};
    for (const path of requested) {
      if (!expand || !/[*?]/.test(path)) {
        paths.push(path);
        continue;
      }
      try {
        const matches = compileGlob(path);
        const prefix = path.slice(0, path.search(/[*?]/));
        // Expansion names only paths the caller may list: anything else would reveal what exists.
        const listed = (await secrets.list(actor.tenantId, prefix.slice(0, prefix.lastIndexOf('/') + 1), undefined, MAX_EXPANSION + 1)).map(
          (row) => row.path,
        );
        // Never a silently cut answer: past the bound the pattern is refused and must be narrowed.
        if (listed.length > MAX_EXPANSION) {
          throw new ApiError(
            400,
            'expansion_too_large',
            `More than ${MAX_EXPANSION} secrets lie under the pattern's prefix: narrow the pattern`,
            { max: MAX_EXPANSION },
          );
        }
        paths.push(
          ...(await filterAsync(listed, async (candidate) => matches(candidate) && (await access.permits(actor, candidate, 'list')))),
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors[path] = { code: error.code, message: error.message };
      }
    }
    const found: Record<string, unknown> = {};
    // Overlapping patterns name a path once: one answer and one audit record for it.
    for (const path of new Set(paths)) {
      try {
        validateSecretPath(path);
        if (!(await access.permits(actor, path, 'list')))
          throw new ApiError(403, 'access_denied', `No policy permits list on '${path}'`, { path });
        found[path] = await secrets.metadata(actor.tenantId, path);
        request.ctx.auditNotes.push({ action: 'list', path, success: true, extra: { batch: true } });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        request.ctx.auditNotes.push({ action: 'list', path, success: false, extra: { batch: true, error_code: error.code } });
        errors[path] = { code: error.code, message: error.message };
      }
    }
    return { secrets: found, errors };
  });

  app.get('/v1/secrets/*', { config: { rate: 'read_secrets', action: 'read' } }, async (request) => {
    const actor = actorOf(request);
    const { path, suffix } = splitSuffix(pathParam(request), ['versions', 'metadata']);
    validateSecretPath(path);
    request.ctx.auditPath = path;
    if (suffix !== undefined) {
      request.ctx.auditAction = 'list';
      await access.authorize(actor, path, 'list');
      return suffix === 'versions' ? await secrets.versions(actor.tenantId, path) : await secrets.metadata(actor.tenantId, path);
    }
    await access.authorize(actor, path, 'read');
    // Checked against the caller's policies above, before any backend is asked.
    const claim = await secrets.external.claim(actor.tenantId, path);
    if (claim?.read) request.ctx.auditExtra.federation_backend = claim.backendId;
    const version = parseVersion(queryOf(request).version);
    const secret = claim?.read ? await claim.read(version) : await secrets.read(actor.tenantId, path, version);
    if (await events.wanted(actor.tenantId, 'secret.accessed')) {
      await events.emit(actor, {
        type: 'secret.accessed',
        path,
        attributes: { secret_type: secret.secret_type as string },
        data: { version: secret.version, accessed_by: actor.identity.id },
      });
    }
    return secret;
  });

  app.put('/v1/secrets/*', { config: { rate: 'write_secrets', action: 'write' } }, async (request) => {
    const actor = actorOf(request);
    const path = validateWritablePath(pathParam(request));
    request.ctx.auditPath = path;
    await access.authorize(actor, path, 'write');
    const spec = readWriteSpec(request.body);
    const result = await secrets.write(actor, path, spec);
    request.ctx.auditExtra.version = result.newVersion;
    return result.view;
  });

  app.patch('/v1/secrets/*', { config: { rate: 'write_secrets', action: 'write' } }, async (request) => {
    const actor = actorOf(request);
    const { path } = splitSuffix(pathParam(request), ['metadata']);
    validateSecretPath(path);
    request.ctx.auditPath = path;
    await access.authorize(actor, path, 'write');
    const fields = new BodyReader(request.body);
    const metadata = fields.optionalObject('metadata');
    if (metadata === undefined) fields.fail('metadata', 'required JSON object');
    fields.finish();
    return await secrets.updateMetadata(actor, path, metadata!);
  });

  app.delete('/v1/secrets/*', { config: { rate: 'delete_secrets', action: 'delete' } }, async (request, reply) => {
    const actor = actorOf(request);
    const path = validateSecretPath(pathParam(request));
    request.ctx.auditPath = path;
    await access.authorize(actor, path, 'delete');
    const permanent = booleanQuery(queryOf(request).permanent, false) || booleanQuery(queryOf(request).hard, false);
    request.ctx.auditExtra.permanent = permanent;
    await secrets.delete(actor, path, permanent);
    reply.code(204);
  });

  app.post('/v1/secrets/*', { config: { rate: 'write_secrets', action: 'rotate' } }, async (request) => {
    const actor = actorOf(request);
    const full = pathParam(request);
    const { path, suffix } = splitSuffix(full, ['restore', ...secrets.actions.suffixes()]);
    if (suffix === undefined)
      throw new ApiError(405, 'method_not_allowed', `POST is not allowed on /v1/secrets/${full}; use PUT to write a secret`);
    validateSecretPath(path);
    request.ctx.auditPath = path;
    if (suffix === 'restore') {
      request.ctx.auditAction = 'write';
      await access.authorize(actor, path, 'write');
      return await secrets.restore(actor, path);
    }
    const action = secrets.actions.get(suffix)!;
    await access.authorize(actor, path, action.permission);
    return action.run(request, actor, path);
  });
}
