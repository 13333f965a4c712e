/**
 * The page's words in English and Simplified Chinese. English labels of
 * fields and metrics are the schema's and the catalogue's (passed as the
 * fallback); this table holds the page's own words and the Chinese of the
 * fields and metrics on the main panel. A key without a Chinese entry shows
 * the English.
 */
export type Lang = 'en' | 'zh';

const EN: Record<string, string> = {
  title: 'Poverty governance workshop',
  lead: 'Move the levers, run, and compare with a pinned baseline. Every run uses the model of the command line: the same scenario, seed and size give the same numbers as `run`.',
  'group.levers': 'The eight synergy levers (0 = absent, 1 = full)',
  'group.arrangement': 'Who takes part',
  'group.budget': 'Budget (× the scenario’s)',
  'group.guarantee': 'Minimum living guarantee',
  'group.shocks': 'Shocks',
  'group.run': 'Run',
  'shock.add': 'Add a shock',
  'shock.remove': 'Remove',
  'note.series': 'The scenario sets a time series here; moving the slider replaces it with one value:',
  'advanced.title': 'Advanced: every parameter',
  'advanced.filter': 'Filter by name or path',
  'run.seed': 'Seed',
  'run.replicates': 'Replicates',
  'run.size': 'Simulated households',
  'button.run': 'Run',
  'button.pin': 'Pin as baseline',
  'button.unpin': 'Unpin baseline',
  'button.scenario': 'Download scenario (YAML)',
  'button.results': 'Download results (CSV)',
  'button.open': 'Open a scenario file…',
  'drop.hint': 'or drop a scenario YAML file on the page.',
  'state.idle': 'Ready.',
  'state.running': 'Running…',
  'state.done': 'Done',
  'state.error': 'Problem',
  'headline.title': 'Headline results',
  'headline.year': 'Year',
  'headline.metric': 'Metric',
  'headline.this': 'This run',
  'headline.baseline': 'Baseline',
  'headline.difference': 'Difference (paired)',
  'headline.words': 'In words',
  'series.this': 'this run',
  'series.baseline': 'baseline',
  'pinned.note': 'A baseline is pinned: seed and replicates are locked to it, so each replicate meets the same households and shocks (common random numbers) and differences are paired.',
  'charts.title': 'Trajectories (mean and 95% interval across replicates)',
  'words.value': 'In {year}, {label}: {value} {unit} (95% interval {lo} to {hi}).',
  'words.higher': 'In {year}, {label}: {d} {unit} more than the baseline, 95% interval {lo} to {hi}.',
  'words.lower': 'In {year}, {label}: {d} {unit} less than the baseline, 95% interval {lo} to {hi}.',
  'words.same': 'In {year}, {label}: no clear difference from the baseline (95% interval {lo} to {hi} {unit}).',
  'words.equal': 'In {year}, {label}: the same as the baseline in every replicate.',
  'words.unpaired': 'Not paired: the baseline has another seed or other replicates.',
  'words.one': 'one replicate: no interval',
  'intervals.note': 'Intervals are 95% Student-t intervals across replicates; a difference is paired by replicate (same seed). An interval that includes 0 means the runs cannot tell the two apart at this number of replicates.',
};

const ZH: Record<string, string> = {
  title: '扶贫协同治理研讨页',
  lead: '调整杠杆，运行，并与固定的基准比较。每次运行都使用命令行的同一模型：相同的情景、种子和规模给出与 `run` 相同的数字。',
  'group.levers': '八个协同杠杆（0 = 无，1 = 充分）',
  'group.arrangement': '参与主体',
  'group.budget': '预算（情景值的倍数）',
  'group.guarantee': '最低生活保障',
  'group.shocks': '冲击',
  'group.run': '运行',
  'shock.add': '添加冲击',
  'shock.remove': '删除',
  'note.series': '情景在此设定了时间序列；移动滑块将以单一数值替换：',
  'advanced.title': '高级：全部参数',
  'advanced.filter': '按名称或路径筛选',
  'run.seed': '随机种子',
  'run.replicates': '重复次数',
  'run.size': '模拟农户数',
  'button.run': '运行',
  'button.pin': '固定为基准',
  'button.unpin': '取消基准',
  'button.scenario': '下载情景（YAML）',
  'button.results': '下载结果（CSV）',
  'button.open': '打开情景文件…',
  'drop.hint': '或将情景 YAML 文件拖放到页面上。',
  'state.idle': '就绪。',
  'state.running': '运行中…',
  'state.done': '完成',
  'state.error': '问题',
  'headline.title': '主要结果',
  'headline.year': '年份',
  'headline.metric': '指标',
  'headline.this': '本次运行',
  'headline.baseline': '基准',
  'headline.difference': '差异（配对）',
  'headline.words': '文字说明',
  'series.this': '本次运行',
  'series.baseline': '基准',
  'pinned.note': '已固定基准：种子与重复次数锁定为基准的值，每次重复面对相同的农户与冲击（共同随机数），差异为配对差异。',
  'charts.title': '轨迹（各重复的均值与 95% 区间）',
  'words.value': '{year} 年，{label}：{value} {unit}（95% 区间 {lo} 至 {hi}）。',
  'words.higher': '{year} 年，{label}：比基准多 {d} {unit}，95% 区间 {lo} 至 {hi}。',
  'words.lower': '{year} 年，{label}：比基准少 {d} {unit}，95% 区间 {lo} 至 {hi}。',
  'words.same': '{year} 年，{label}：与基准无明显差异（95% 区间 {lo} 至 {hi} {unit}）。',
  'words.equal': '{year} 年，{label}：每次重复均与基准相同。',
  'words.unpaired': '未配对：基准使用了不同的种子或重复次数。',
  'words.one': '仅一次重复：无区间',
  'intervals.note': '区间为各重复间的 95% 学生 t 区间；差异按重复配对（相同种子）。区间包含 0 表示在此重复次数下无法区分两者。',
  // fields on the main panel
  'field.levers.strategic': '战略协同', 'field.levers.organisational': '组织协同', 'field.levers.policy': '政策协同', 'field.levers.social': '社会协同',
  'field.levers.fund': '资金协同', 'field.levers.technology': '技术协同', 'field.levers.publicity': '宣传协同', 'field.levers.assistance': '帮扶协同',
  'field.governance.arrangement': '治理结构', 'option.multi': '多中心（政府、企业、社会组织共同参与）', 'option.single': '单中心（仅政府）',
  'field.budget.central': '中央专项扶贫资金', 'field.budget.county_own': '县级自有扶贫资金',
  'field.guarantee.enabled': '实行最低生活保障', 'field.guarantee.take_up': '应保尽保比例', 'field.guarantee.top_up': '补差比例',
  'field.events.kind': '类型', 'field.events.year': '年份', 'field.events.month': '月份', 'field.events.severity': '强度', 'field.events.share': '比例', 'field.events.months': '持续月数',
  'option.epidemic': '疫情', 'option.disaster': '自然灾害', 'option.price_crash': '价格暴跌', 'option.assistance_withdrawal': '撤出帮扶',
  // metrics
  'metric.headcount_ratio': '贫困发生率（人口）', 'metric.poverty_gap': '贫困缺口（FGT1）', 'metric.exits': '退出贫困户数', 'metric.relapses': '返贫户数',
  'metric.inclusion_error_at_registration': '识别时的纳入误差', 'metric.exclusion_error_at_registration': '识别时的排斥误差',
  'metric.funds_delivered': '到户资金', 'metric.funds_leaked': '流失资金', 'metric.funds_captured': '精英俘获资金', 'metric.funds_mismatched': '错配资金',
  'metric.trust_household_government': '农户对政府的信任',
  'unit.points': '个百分点', 'unit.households': '户', 'unit.%': '%', 'unit.million yuan': '百万元', 'unit.households per year': '户/年',
};

/** Every Chinese word the page can show (the font subsets inlined are those these need). */
export function chineseText(): string {
  return Object.values(ZH).join('') + '简体中文';
}

/** The word for `key` in `lang`: the table's, else the fallback (schema or catalogue English), else the English table's. */
export function t(lang: Lang, key: string, fallback?: string): string {
  return (lang === 'zh' ? ZH[key] : undefined) ?? fallback ?? EN[key] ?? key;
}

/** `{name}` placeholders filled in. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? '')).replace(/ +([)）.。])/g, '$1');
}
