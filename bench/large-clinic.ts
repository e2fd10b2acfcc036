import pg from 'pg';
import type { PortalOptions } from '../src/portal/server';

/**
 * The large demo clinic for the benchmarks: a fresh database on the PostgreSQL server when one
 * answers (PGlite in memory otherwise), and a team lead whose scope is widened to at least
 * TEAM_LEAD_SCOPE patients.
 */

export const TEAM_LEAD_SCOPE = 1500;

export interface BenchDatabase {
  options: PortalOptions;
  label: string;
  sql?: pg.Client;
  drop(): Promise<void>;
}

/** A fresh database on the PostgreSQL server when one answers, else PGlite in memory. */
export async function chooseDatabase(prefix: string): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client(serverUrl);
  try {
    await admin.connect();
  } catch {
    return {
      options: {},
      label: 'PGlite (in memory; no PostgreSQL server answered)',
      drop: async () => undefined,
    };
  }
  const name = `${prefix}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const sql = new pg.Client(databaseUrl);
  await sql.connect();
  return {
    options: { databaseUrl },
    label: `PostgreSQL (fresh database ${name})`,
    sql,
    async drop() {
      await sql.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * The large clinic gives each team lead one team (~190 patients). The benchmark's team lead leads
 * enough teams to see at least TEAM_LEAD_SCOPE patients, set up directly in the bench database.
 * Returns how many teams the team lead leads.
 */
export async function widenTeamLeadScope(sql: pg.Client): Promise<number> {
  await sql.query(
    `WITH lead AS (
       SELECT s.id FROM staff s JOIN account a ON a.principal_id = s.id WHERE a.username = 'teamleder'),
     sized AS (
       SELECT t.id, sum(count(p.id)) OVER (ORDER BY t.name) AS running_total,
              count(p.id) AS patients
         FROM team t LEFT JOIN patient p ON p.team_id = t.id GROUP BY t.id, t.name)
     INSERT INTO staff_team (staff_id, team_id)
     SELECT lead.id, sized.id FROM lead, sized
      WHERE sized.running_total - sized.patients < $1
     ON CONFLICT DO NOTHING`,
    [TEAM_LEAD_SCOPE],
  );
  const teams = await sql.query(
    `SELECT count(*)::int AS n FROM staff_team st JOIN account a ON a.principal_id = st.staff_id
      WHERE a.username = 'teamleder'`,
  );
  return (teams.rows[0] as { n: number }).n;
}

/** One figure against its target, printed as it is measured and kept for the summary. */
export class Verdicts {
  private readonly all: { met: boolean | null }[] = [];

  report(figure: string, value: string, target: string, met: boolean): void {
    this.all.push({ met });
    console.log(`${met ? 'MET ' : 'MISS'}  ${figure}: ${value} (target ${target})`);
  }

  /** A figure that could not be taken (the screen it needs is not there yet), and why. */
  notMeasured(figure: string, target: string, why: string): void {
    this.all.push({ met: null });
    console.log(`----  ${figure}: not measured, ${why} (target ${target})`);
  }

  summary(): string {
    const measured = this.all.filter((v) => v.met !== null);
    const met = measured.filter((v) => v.met).length;
    const skipped = this.all.length - measured.length;
    return `${met} of ${measured.length} targets met${skipped ? `, ${skipped} not measured` : ''}.`;
  }
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
