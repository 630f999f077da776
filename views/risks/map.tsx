import type { RiskLevel } from '../../src/hazards/scoring.js';
import { DISTANCE_BANDS } from '../../src/hazards/vocabulary.js';
import type { MapPoint } from '../../src/risks/overview.js';
import type { Option } from '../components/form.js';
import { DataTable } from '../components/data-table.js';
import { LevelBadge } from '../hazards/bits.js';
import { useUi } from '../ui.js';
import { PlaceText } from './bits.js';

const FILL: Record<RiskLevel, string> = { red: '#d92d20', orange: '#f27b12', yellow: '#d4a600', blue: '#2f6fdd' };
const COLS = 3;
const CELL_W = 200;
const CELL_H = 96;
const BAND_H = 56;
const PAD = 12;

/** Dots for the points of one box, wrapped in rows; each a link to its point with its name as the title. */
function Dots(props: { points: MapPoint[]; x: number; y: number; width: number }) {
  const perRow = Math.max(1, Math.floor((props.width - 16) / 24));
  return (
    <>
      {props.points.map((p, i) => (
        <a href={`/risks/${p.id}`} aria-label={p.name}>
          <circle cx={props.x + 16 + (i % perRow) * 24} cy={props.y + Math.floor(i / perRow) * 24} r="9" fill={FILL[p.level]} stroke="#fff" stroke-width="1.5">
            <title>{p.name}</title>
          </circle>
        </a>
      ))}
    </>
  );
}

/**
 * 风险四色分布图: the school's campus areas as boxes, the surroundings as bands by distance from the
 * gate, each point a dot in its level's colour. The list below says the same in words (and is what a
 * screen reader reads; the drawing has a summary label).
 */
function MapDrawing(props: { points: MapPoint[]; schoolName: string }) {
  const { t } = useUi();
  const campus = props.points.filter((p) => p.place === 'campus');
  const areas = [...new Set(campus.map((p) => p.area))];
  const rows = Math.max(1, Math.ceil(areas.length / COLS));
  const width = PAD * 2 + COLS * CELL_W;
  const campusH = rows * CELL_H + 28;
  const height = PAD * 2 + campusH + DISTANCE_BANDS.length * BAND_H + 8;
  const summary = (['red', 'orange', 'yellow', 'blue'] as const).map((l) => `${t(`level.${l}`)} ${props.points.filter((p) => p.level === l).length}`).join(t('punct.sep'));
  return (
    // A group, not an image: its dots are links, and an image must not hold interactive controls (axe nested-interactive).
    <svg class="risk-map" role="group" aria-label={`${t('risk.map')}：${props.schoolName}。${summary}`} viewBox={`0 0 ${width} ${height}`} width="100%">
      <rect x={PAD} y={PAD} width={COLS * CELL_W} height={campusH} rx="8" fill="#f2f4f7" stroke="#98a2b3" />
      <text x={PAD + 8} y={PAD + 18} font-size="13" font-weight="bold" fill="#101828">
        {t('subject.campus')}
      </text>
      {areas.map((area, i) => {
        const x = PAD + (i % COLS) * CELL_W + 6;
        const y = PAD + 26 + Math.floor(i / COLS) * CELL_H;
        return (
          <g>
            <rect x={x} y={y} width={CELL_W - 12} height={CELL_H - 8} rx="6" fill="#fff" stroke="#d0d5dd" />
            <text x={x + 8} y={y + 18} font-size="12" fill="#344054">
              {area.length > 14 ? area.slice(0, 14) + '…' : area}
            </text>
            <Dots points={campus.filter((p) => p.area === area)} x={x} y={y + 40} width={CELL_W - 12} />
          </g>
        );
      })}
      {DISTANCE_BANDS.map((band, i) => {
        const y = PAD + campusH + 8 + i * BAND_H;
        return (
          <g>
            <rect x={PAD} y={y} width={COLS * CELL_W} height={BAND_H - 6} rx="6" fill={i % 2 ? '#fcfcfd' : '#f9fafb'} stroke="#d0d5dd" stroke-dasharray="4 3" />
            <text x={PAD + 8} y={y + 18} font-size="12" fill="#344054">
              {`${t('subject.surroundings')} · ${t(`distance.${band}`)}`}
            </text>
            <Dots points={props.points.filter((p) => p.place === 'surroundings' && p.distanceBand === band)} x={PAD + 150} y={y + 25} width={COLS * CELL_W - 150} />
          </g>
        );
      })}
    </svg>
  );
}

export function RiskMapPage(props: { points: MapPoint[]; school: { id: number; name: string } | null; schools: Option[] | null }) {
  const { t } = useUi();
  return (
    <section class="stack">
      <p class="crumbs">
        <a href="/risks">← {t('risk.plural')}</a>
      </p>
      <h1>
        {t('risk.map')}
        {props.school && ` · ${props.school.name}`}
      </h1>
      {props.schools && (
        <form method="get" action="/risks/map" class="filters panel">
          <label>
            {t('risk.school')}
            <select name="schoolId">
              <option value="">{t('form.choose')}</option>
              {props.schools.map((o) => (
                <option value={o.value} selected={props.school !== null && o.value === String(props.school.id)}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('risk.filter.apply')}</button>
        </form>
      )}
      {props.school ? (
        <>
          <p class="legend">
            {(['red', 'orange', 'yellow', 'blue'] as const).map((l) => (
              <>
                <LevelBadge level={l} />{' '}
              </>
            ))}
          </p>
          <div class="panel">
            <MapDrawing points={props.points} schoolName={props.school.name} />
          </div>
          <h2>{t('risk.mapList')}</h2>
          <DataTable
            rows={props.points}
            empty="risk.none"
            columns={[
              { label: 'risk.place', cell: (p) => <PlaceText place={p.place} area={p.area} distanceBand={p.distanceBand} /> },
              { label: 'risk.name', cell: (p) => <a href={`/risks/${p.id}`}>{p.name}</a> },
              { label: 'risk.level', cell: (p) => <LevelBadge level={p.level} /> },
            ]}
          />
        </>
      ) : (
        <p class="muted">{t('risk.chooseSchool')}</p>
      )}
    </section>
  );
}
