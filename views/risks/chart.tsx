import type { RiskLevel } from '../../src/hazards/scoring.js';
import { useUi } from '../ui.js';

const ROWS: readonly RiskLevel[] = ['red', 'orange', 'yellow', 'blue'];
const FILL: Record<RiskLevel, string> = { red: '#d92d20', orange: '#f27b12', yellow: '#d4a600', blue: '#2f6fdd' };
const STEP = 56;
const LEFT = 76;
const TOP = 14;
const ROW_H = 26;

/**
 * The history of a point's levels as a small server-drawn SVG: one dot per assessment, red at the top.
 * The table of assessments beside it says the same in words, so the chart is summarised, not read out.
 */
export function LevelChart(props: { assessments: Array<{ seq: number; level: RiskLevel; at: Date }> }) {
  const { t } = useUi();
  const list = props.assessments;
  const width = LEFT + Math.max(list.length, 2) * STEP;
  const height = TOP * 2 + ROW_H * (ROWS.length - 1) + 18;
  const x = (i: number) => LEFT + i * STEP + STEP / 2;
  const y = (level: RiskLevel) => TOP + ROWS.indexOf(level) * ROW_H;
  const last = list[list.length - 1];
  const summary = last ? t('risk.chartSummary', { n: list.length, level: t(`level.${last.level}`) }) : '';
  return (
    <svg class="level-chart" role="img" aria-label={`${t('risk.chart')}: ${summary}`} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      {ROWS.map((level) => (
        <g>
          <line x1={LEFT - 6} x2={width - 4} y1={y(level)} y2={y(level)} stroke="#d0d5dd" stroke-dasharray="3 3" />
          <text x={LEFT - 10} y={y(level) + 4} text-anchor="end" font-size="11" fill="#344054">
            {t(`level.${level}`).replace(/（.*）|\(.*\)/, '')}
          </text>
        </g>
      ))}
      {list.length > 1 && <polyline fill="none" stroke="#667085" stroke-width="1.5" points={list.map((a, i) => `${x(i)},${y(a.level)}`).join(' ')} />}
      {list.map((a, i) => (
        <g>
          <circle cx={x(i)} cy={y(a.level)} r="7" fill={FILL[a.level]} stroke="#fff" stroke-width="1.5" />
          <text x={x(i)} y={height - 4} text-anchor="middle" font-size="10" fill="#475467">
            {`#${a.seq}`}
          </text>
        </g>
      ))}
    </svg>
  );
}
