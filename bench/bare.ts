/**
 * The bare typed-array loop the benchmark measures the model against: the
 * least work a year of the model could cost in this language, with the same
 * random draws and the same column traffic but none of the model's logic.
 *
 * A year is
 * - 12 monthly passes like householdsMonth: one shock draw per household,
 *   reads of weight, size, labour, skill, health, employed, migrant, farm
 *   multiplier, fixed cash and savings, writes of savings and the two
 *   accumulated incomes, a handful of weighted sums;
 * - 15 yearly passes like the yearly round, year end and collection: the
 *   draws of the yearly round (three shock draws per household; one
 *   observation normal; two guarantee draws; three behaviour draws:
 *   exit assessment, identification, migration) and one read-modify-write
 *   or read-only sweep per pass over the columns those steps touch
 *   (awareness and trust rows, aspiration, the year's flows reset, the
 *   year-end income, the collector's weighted sums).
 *
 * It uses the model's own keyed draws (src/core/rng.ts) so the generator's
 * cost is counted on both sides. It measures no sort: the Gini is the model's.
 */
import { Draws, SITE } from '../src/core/rng.ts';

const NPROG = 8;
const NTRUST = 4;

/** Household-steps (households x months) per CPU second of the bare loop over `years` years of `n` households. */
export function bareRate(n: number, years: number): { rate: number; seconds: number; sink: number } {
  const rng = new Draws(42, 0);
  const weight = new Float64Array(n).fill(1);
  const size = new Uint8Array(n).fill(4);
  const labour = new Uint8Array(n).fill(2);
  const skill = new Float32Array(n).fill(0.5);
  const health = new Uint8Array(n);
  const employed = new Uint8Array(n);
  const migrant = new Uint8Array(n);
  const farmMult = new Float32Array(n).fill(1);
  const fixedMonthly = new Float32Array(n).fill(100);
  const savings = new Float64Array(n).fill(1000);
  const incFarm = new Float32Array(n);
  const incWage = new Float32Array(n);
  const income = new Float64Array(n).fill(3000);
  const observed = new Float64Array(n);
  const luck = new Float32Array(n);
  const loanReturn = new Float32Array(n);
  const insured = new Uint8Array(n);
  const agInsured = new Uint8Array(n);
  const registered = new Uint8Array(n);
  const aspiration = new Float32Array(n).fill(0.5);
  const awareness = new Float32Array(n * NPROG);
  const trust = new Float32Array(n * NTRUST).fill(0.5);
  const flows = [incFarm, incWage, new Float64Array(n), new Float64Array(n), new Float32Array(n), new Float32Array(n)];
  let sink = 0;
  const c0 = process.cpuUsage();
  for (let y = 0; y < years; y++) {
    const t = (2011 + y) * 12;
    // yearly passes (15)
    for (let i = 0; i < n; i++) observed[i] = income[i]! * Math.exp(0.1 * rng.normal(SITE.registryObservation, i, t)); // 1 observation
    for (let i = 0; i < n; i++) {
      // 2 households' year start: three shock draws
      const z = rng.normal(SITE.luck, i, t);
      luck[i] = Math.exp(0.2 * z - 0.02);
      loanReturn[i] = z;
      insured[i] = rng.u(SITE.medicalInsurance, i, t) < 0.9 ? 1 : 0;
      agInsured[i] = rng.u(SITE.agInsurance, i, t) < 0.3 ? 1 : 0;
    }
    for (const col of flows) col.fill(0); // 3 the year's flows reset
    for (let i = 0; i < n * NPROG; i++) awareness[i] = awareness[i]! + 0.01 * (1 - awareness[i]!); // 4 information
    for (let i = 0; i < n * NTRUST; i++) trust[i] = 0.9 * trust[i]! + 0.05; // 5 trust
    for (let i = 0; i < n; i++) aspiration[i] = 0.95 * aspiration[i]! + 0.02; // 6 aspiration
    for (let i = 0; i < n; i++) if (rng.u(SITE.exitVerification, i, t) < 0.1 && observed[i]! > 3500) registered[i] = 0; // 7 assessment
    for (let i = 0; i < n; i++) if (rng.u(SITE.registration, i, t) < 0.5 && observed[i]! < 2500) registered[i] = 1; // 8 identification
    for (let i = 0; i < n; i++) {
      // 9 the guarantee's means test: two draws
      const z = rng.normal(SITE.guaranteeObservation, i, t);
      if (rng.u(SITE.guaranteeTakeUp, i, t) < 0.5 && observed[i]! * Math.exp(0.1 * z) < 2000) sink += weight[i]!;
    }
    for (let i = 0; i < n; i++) if (rng.u(SITE.migration, i, t) < 0.01) migrant[i] = 1 - migrant[i]!; // 10 migration
    for (let i = 0; i < n; i++) farmMult[i] = luck[i]! * (1 + 0.1 * skill[i]!); // 11 farm multipliers
    for (let i = 0; i < n; i++) fixedMonthly[i] = 100 + 20 * registered[i]! + loanReturn[i]!; // 12 fixed monthly cash
    let reg = 0;
    for (let i = 0; i < n; i++) reg += weight[i]! * registered[i]! * size[i]!; // 13 programme demand
    sink += reg;
    // months
    for (let mo = 0; mo < 12; mo++) {
      let sFarm = 0;
      let sEarned = 0;
      let sLiving = 0;
      const tick = t + mo;
      for (let i = 0; i < n; i++) {
        const w = weight[i]!;
        const u = rng.u(SITE.illness, i, tick);
        const hs0 = health[i]!;
        let hs = hs0;
        if (hs0 === 0) {
          if (u < 0.001) hs = 2;
          else if (u < 0.003) hs = 1;
        } else if (u < 0.05) hs = 0;
        if (hs !== hs0) health[i] = hs;
        let workers = labour[i]! - employed[i]! - migrant[i]! - (hs === 0 ? 0 : 0.5);
        if (workers < 0) workers = 0;
        const farm = workers * 200 * farmMult[i]!;
        const earned = workers * 100 * (0.5 + skill[i]!) + employed[i]! * 1500 + migrant[i]! * 2500;
        const net = farm + earned + fixedMonthly[i]!;
        const need = 150 * size[i]!;
        let living = net > need ? need + 0.8 * (net - need) : need;
        const available = savings[i]! + net;
        if (living > available) living = available > 0 ? available : 0;
        savings[i] = available - living;
        incFarm[i]! += farm;
        incWage[i]! += earned;
        sFarm += w * farm;
        sEarned += w * earned;
        sLiving += w * living;
      }
      sink += sFarm + sEarned + sLiving;
    }
    for (let i = 0; i < n; i++) income[i] = (incFarm[i]! + incWage[i]! + 12 * fixedMonthly[i]!) / size[i]!; // 14 year end
    let a = 0;
    for (let i = 0; i < n; i++) a += weight[i]! * (income[i]! + incFarm[i]! + incWage[i]! + aspiration[i]! + skill[i]! + trust[i * NTRUST]!); // 15 collection
    sink += a;
  }
  const c = process.cpuUsage(c0);
  const seconds = (c.user + c.system) / 1e6;
  return { rate: (n * 12 * years) / seconds, seconds, sink };
}
