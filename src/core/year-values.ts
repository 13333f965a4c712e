/**
 * This year's values of the scenario's time series. One table names each
 * value and says where the scenario declares it; the `YearValues` type, the
 * compile step and the per-year evaluation all derive from it, so a new
 * series is one row here.
 */
import type { LeverName, Scenario } from '../scenario/schema.ts';
import { compileSeries, type SeriesSpec } from '../scenario/expressions.ts';
import * as libm from './libm.ts';

interface SeriesRow {
  /** Where the scenario declares the series. */
  source: (s: Scenario) => SeriesSpec;
  /** The series is a multiple of the poverty line (the value is series x line). */
  timesLine?: true;
  /** The series follows rural income growth (the value is series x economy.income_index). */
  timesIncome?: true;
  /** The power of the income index the series follows (1 when absent): growth incidence. */
  incomeElasticity?: (s: Scenario) => number;
}

/** The yearly series, in the order they are compiled (an invalid series is reported in this order). */
const YEAR_SERIES = {
  /** Poverty line, yuan per person and year. */
  line: { source: (s) => s.poverty_line },
  /** Index of rural income growth that farm output and wages follow (1 = their own series alone). */
  incomeIndex: { source: (s) => s.economy.income_index },
  farmPerWorker: { source: (s) => s.economy.farm_income_per_worker, timesIncome: true, incomeElasticity: (s) => s.economy.farm_income_elasticity },
  casualWage: { source: (s) => s.economy.casual_wage, timesIncome: true },
  migrantWage: { source: (s) => s.economy.migrant_wage, timesIncome: true },
  enterpriseWage: { source: (s) => s.economy.enterprise_wage, timesIncome: true },
  subsistence: { source: (s) => s.economy.subsistence },
  otherIncome: { source: (s) => s.economy.other_income, timesIncome: true },
  educationCost: { source: (s) => s.programmes.education_cost_per_child },
  /** Minimum-living-guarantee standard in yuan per person; 0 = use the multiple of the line below. */
  guaranteeYuan: { source: (s) => s.guarantee.standard },
  /** The same standard declared as a multiple of the line (the value is in yuan). */
  guaranteeOfLine: { source: (s) => s.guarantee.standard_ratio, timesLine: true },
  /** The guarantee's budget for the represented population, yuan a year; 0 = an entitlement without a budget. */
  guaranteeBudget: { source: (s) => s.guarantee.budget },
  insuranceCoverage: { source: (s) => s.health.insurance_coverage },
  agInsurance: { source: (s) => s.disasters.insurance_share },
  platformAccess: { source: (s) => s.information.platform_access },
  centralBudget: { source: (s) => s.budget.central },
  countyBudget: { source: (s) => s.budget.county_own },
  /** Multiplier of the lever-set credit supply (the lender's programme). */
  creditSupply: { source: (s) => s.credit.supply },
} satisfies Record<string, SeriesRow>;

export type SeriesName = keyof typeof YEAR_SERIES;

/** Values of the time series and derived quantities for one year. */
export type YearValues = Record<SeriesName, number> & {
  year: number;
  /** The guarantee's standard this year, yuan per person (guaranteeYuan, or else guaranteeOfLine). */
  guaranteeLine: number;
  /** Deadline pressure this year (0-1). */
  pressure: number;
  /** The eight levers' settings this year (0-1). */
  levers: Record<LeverName, number>;
};

/** Compile every series of the table once; the result evaluates them for a year. */
export function compileYearValues(s: Scenario): (year: number) => YearValues {
  const names = Object.keys(YEAR_SERIES) as SeriesName[];
  const rows = names.map((name) => {
    const row: SeriesRow = YEAR_SERIES[name];
    return { name, at: compileSeries(row.source(s)), timesLine: row.timesLine === true, timesIncome: row.timesIncome === true, power: row.incomeElasticity?.(s) ?? 1 };
  });
  const line = rows.find((r) => r.name === 'line')!.at;
  const income = rows.find((r) => r.name === 'incomeIndex')!.at;
  const leverNames = Object.keys(s.levers) as LeverName[];
  const levers = leverNames.map((name) => ({ name, at: compileSeries(s.levers[name]) }));
  return (year) => {
    const out = { year } as YearValues;
    for (const r of rows) {
      const v = r.timesLine ? r.at(year) * line(year) : r.at(year);
      out[r.name] = r.timesIncome ? v * libm.pow(income(year), r.power) : v; // pow(x, 1) is x exactly
    }
    out.guaranteeLine = out.guaranteeYuan > 0 ? out.guaranteeYuan : out.guaranteeOfLine;
    out.pressure = deadlinePressure(s, year);
    out.levers = {} as Record<LeverName, number>;
    for (const l of levers) out.levers[l.name] = l.at(year);
    return out;
  };
}

/** Deadline pressure: ramps up over the horizon before the deadline year, none after it. */
function deadlinePressure(s: Scenario, year: number): number {
  const a = s.assessment;
  const toDeadline = a.deadline_year - year;
  const ramp = 1 - toDeadline / a.pressure_horizon;
  return year > a.deadline_year ? 0 : a.deadline_pressure * Math.min(1, Math.max(0, ramp));
}
