/**
 * SARIF 2.1.0 (OASIS), one run. Locations are relative to `%SRCROOT%` (the current folder, given as a file URI in
 * `originalUriBaseIds`), regions are 1-based with an exclusive end column, columns count UTF-16 code units.
 * Rules come from the rule registry through `ruleMeta`; a rule it does not know still gets a descriptor (id and
 * help link) so every result has a `ruleIndex`.
 */
import type { Finding, Range, Severity } from '../engine/types';
import { DEFAULT_TOOL, oneBased, relativePath, sortFindings, type ReportContext } from './common';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/* A minimal typing of what we emit (the full model is in @types/sarif; not a dependency). */
interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface ArtifactLocation { uri: string; uriBaseId?: string }
interface PhysicalLocation { artifactLocation: ArtifactLocation; region: Region }
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: PhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: PhysicalLocation; message?: { text: string } }[];
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
}
interface ReportingDescriptor {
  id: string;
  shortDescription?: { text: string };
  helpUri: string;
  defaultConfiguration?: { level: SarifLevel };
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: ReportingDescriptor[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

/** A relative path as a URI reference (each segment percent-encoded, `/` kept). */
export function pathToUriReference(rel: string): string {
  return rel.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

/** An absolute `/`-separated folder as a `file:` URI ending in `/`. */
export function folderToFileUri(dir: string): string {
  let p = dir.replace(/\\/g, '/');
  if (!p.startsWith('/')) p = '/' + p; // C:/x → /C:/x
  if (!p.endsWith('/')) p += '/';
  return 'file://' + p.split('/').map((seg, i) => (i === 1 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg))).join('/');
}

function region(r: Range): Region {
  const p = oneBased(r);
  return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

export function buildSarif(findings: readonly Finding[], ctx: ReportContext): SarifLog {
  const tool = ctx.tool ?? DEFAULT_TOOL;
  const sorted = sortFindings(findings, ctx.cwd);
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const location = (file: string): ArtifactLocation => {
    const rel = relativePath(ctx.cwd, file);
    // Outside the current folder (or on another drive): an absolute file URI, no base.
    if (rel.startsWith('../') || rel === '..' || /^([A-Za-z]:)?\//.test(rel)) return { uri: folderToFileUri(file).replace(/\/$/, '') };
    return { uri: pathToUriReference(rel), uriBaseId: '%SRCROOT%' };
  };

  const results: SarifResult[] = sorted.map((f) => {
    let index = ruleIndex.get(f.ruleId);
    if (index === undefined) {
      const meta = ctx.ruleMeta?.(f.ruleId);
      const descriptor: ReportingDescriptor = { id: f.ruleId, helpUri: tool.ruleHelpUri(f.ruleId) };
      if (meta) {
        descriptor.shortDescription = { text: meta.summary };
        descriptor.defaultConfiguration = { level: sarifLevel(meta.severity) };
      }
      index = rules.length;
      rules.push(descriptor);
      ruleIndex.set(f.ruleId, index);
    }
    const result: SarifResult = {
      ruleId: f.ruleId,
      ruleIndex: index,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: location(f.file), region: region(f.range) } }],
    };
    if (f.related?.length) {
      result.relatedLocations = f.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: { artifactLocation: location(r.file), region: region(r.range) },
        ...(r.message ? { message: { text: r.message } } : {}),
      }));
    }
    const fixes = (f.fixes ?? []).filter((x) => x.edits.some((e) => e.edits.length > 0));
    if (fixes.length > 0) {
      result.fixes = fixes.map((x) => ({
        description: { text: x.title },
        artifactChanges: x.edits.filter((e) => e.edits.length > 0).map((e) => ({
          artifactLocation: location(e.file),
          replacements: e.edits.map((t) => ({ deletedRegion: region(t.range), insertedContent: { text: t.newText } })),
        })),
      }));
    }
    return result;
  });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: folderToFileUri(ctx.cwd) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(findings: readonly Finding[], ctx: ReportContext): string {
  return JSON.stringify(buildSarif(findings, ctx), null, 2) + '\n';
}
