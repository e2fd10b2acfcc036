import { type KeyboardEvent, useEffect, useEffectEvent, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { isFollowUpWeek, PROGRAMME_WEEKS } from '../../../../shared/clinical';
import { bandEdges, type InstrumentTrend } from './trendModel';

/**
 * One instrument's weekly totals drawn by uPlot on a canvas: the severity bands shaded, the
 * caseness and baseline lines, the weeks with suicidal thoughts striped, the follow-up after a
 * break in the axis, and a marker per point
 * by its change against the baseline. Over the canvas sits one button per point, so a point can
 * be reached from the keyboard (roving focus, arrow keys) as well as by pointing; both make it
 * the active point, whose answers the caller shows.
 *
 * Colours come from styles/trend.css (custom properties on the chart), so the canvas and the
 * legend always agree.
 */

const HEIGHT = 260;
/**
 * Where the follow-up sits on the week axis: two weeks' width after week 14, so the break in time
 * (three months, not a week) shows and its label ("Oppfølging") has room beside "14".
 */
const FOLLOW_UP_X = PROGRAMME_WEEKS + 2;
/** A point's place on the x axis: its week, or FOLLOW_UP_X for the follow-up. */
const xOf = (week: number): number => (isFollowUpWeek(week) ? FOLLOW_UP_X : week);
/** Five tints from the lowest band to the highest; an instrument with fewer bands spreads over them. */
const BAND_TINTS = 5;

export interface ChartText {
  xLabel: string;
  yLabel: string;
  baselineWeek: string;
  /** The axis label of the follow-up, after week 14. */
  followUpWeek: string;
  casenessLine: string;
  baselineLine: string;
  band: (bandId: string) => string;
  point: (index: number) => string;
}

interface Colours {
  bands: string[];
  bandText: string;
  axis: string;
  grid: string;
  line: string;
  caseness: string;
  baseline: string;
  improvement: string;
  deterioration: string;
  risk: string;
  riskStripe: string;
  surface: string;
}

function coloursOf(element: HTMLElement): Colours {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(`--trend-${name}`).trim();
  return {
    bands: Array.from({ length: BAND_TINTS }, (_, i) => read(`band-${i}`)),
    bandText: read('band-text'),
    axis: read('axis'),
    grid: read('grid'),
    line: read('line'),
    caseness: read('caseness'),
    baseline: read('baseline'),
    improvement: read('improvement'),
    deterioration: read('deterioration'),
    risk: read('risk'),
    riskStripe: read('risk-stripe'),
    surface: read('surface'),
  };
}

/** The tint of band `i` of `n`, spread over the five so the top band is always the darkest. */
export function bandTint(i: number, n: number): number {
  return n <= 1 ? 0 : Math.round((i * (BAND_TINTS - 1)) / (n - 1));
}

type Shape = 'square' | 'circle' | 'triangle-down' | 'triangle-up';

function shapeOf(point: InstrumentTrend['points'][number]): Shape {
  if (point.status === 'baseline') return 'square';
  if (point.reliableDeterioration) return 'triangle-up';
  if (point.reliableImprovement) return 'triangle-down';
  return 'circle';
}

function drawShape(ctx: CanvasRenderingContext2D, shape: Shape, x: number, y: number, r: number): void {
  ctx.beginPath();
  if (shape === 'square') ctx.rect(x - r, y - r, 2 * r, 2 * r);
  else if (shape === 'circle') ctx.arc(x, y, r * 0.85, 0, 2 * Math.PI);
  else {
    const s = shape === 'triangle-up' ? -1 : 1;
    ctx.moveTo(x, y + s * r * 1.2);
    ctx.lineTo(x - r * 1.15, y - s * r * 0.8);
    ctx.lineTo(x + r * 1.15, y - s * r * 0.8);
    ctx.closePath();
  }
}

const LABEL_SIZE = 11;

/**
 * A line across the plot at `value`, labelled at its left end, above or below it; the label
 * starts `indent` CSS pixels in. Answers the label's right edge, in CSS pixels from the plot's left.
 */
function horizontalLine(
  u: uPlot,
  line: { value: number; colour: string; dash: number[]; label: string; above: boolean; indent: number },
): number {
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  // Two pixels on a whole-pixel row: a crisp line.
  const y = Math.round(u.valToPos(line.value, 'y', true));
  ctx.save();
  ctx.strokeStyle = line.colour;
  ctx.lineWidth = 2 * px;
  ctx.setLineDash(line.dash.map((d) => d * px));
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.fillStyle = line.colour;
  ctx.font = `600 ${LABEL_SIZE * px}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = line.above ? 'bottom' : 'top';
  ctx.fillText(line.label, bbox.left + line.indent * px, y + (line.above ? -3 : 3) * px);
  const right = line.indent + ctx.measureText(line.label).width / px;
  ctx.restore();
  return right;
}

export function TrendChart({
  trend,
  text,
  active,
  onActive,
  describedBy,
  pointsLabel,
}: {
  trend: InstrumentTrend;
  text: ChartText;
  /** Index into trend.points. */
  active: number;
  onActive: (index: number) => void;
  /** The element that shows the active point's answers. */
  describedBy: string;
  pointsLabel: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const hovered = useEffectEvent((index: number) => onActive(index));

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const { definition, points, change } = trend;
    const colours = coloursOf(element);
    const px = () => uPlot.pxRatio;
    const edges = bandEdges(definition);

    const drawBackground = (u: uPlot) => {
      const { ctx, bbox } = u;
      ctx.save();
      edges.forEach((edge, i) => {
        const top = u.valToPos(edge.to, 'y', true);
        const bottom = u.valToPos(edge.from, 'y', true);
        ctx.fillStyle = colours.bands[bandTint(i, edges.length)]!;
        ctx.fillRect(bbox.left, top, bbox.width, bottom - top);
        if (bottom - top >= 13 * px()) {
          ctx.fillStyle = colours.bandText;
          ctx.font = `${11 * px()}px system-ui, sans-serif`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'middle';
          ctx.fillText(text.band(edge.id), bbox.left + bbox.width - 6 * px(), (top + bottom) / 2);
        }
      });
      // A week with suicidal thoughts: a stripe over the whole height, so it cannot be missed.
      const halfWeek = (u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true)) * 0.4;
      ctx.fillStyle = colours.riskStripe;
      for (const point of points) {
        if (point.riskAnswers.length === 0) continue;
        const x = u.valToPos(xOf(point.week), 'x', true);
        ctx.fillRect(x - halfWeek, bbox.top, 2 * halfWeek, bbox.height);
      }
      // The follow-up is three months after week 14, not a week: a break in the time axis.
      const gap = Math.round(u.valToPos((PROGRAMME_WEEKS + FOLLOW_UP_X) / 2, 'x', true));
      ctx.strokeStyle = colours.axis;
      ctx.lineWidth = px();
      ctx.setLineDash([4 * px(), 4 * px()]);
      ctx.beginPath();
      ctx.moveTo(gap, bbox.top);
      ctx.lineTo(gap, bbox.top + bbox.height);
      ctx.stroke();
      ctx.restore();
    };

    const drawOverlay = (u: uPlot) => {
      const casenessEnd = horizontalLine(u, {
        value: definition.caseness,
        colour: colours.caseness,
        dash: [6, 4],
        label: text.casenessLine,
        above: true,
        indent: 4,
      });
      if (change.baseline) {
        // Near the caseness line, the baseline's label goes beside the caseness label, not over it.
        const apart = Math.abs(u.valToPos(change.baseline.total, 'y') - u.valToPos(definition.caseness, 'y'));
        horizontalLine(u, {
          value: change.baseline.total,
          colour: colours.baseline,
          dash: [2, 3],
          label: text.baselineLine,
          above: false,
          indent: apart < 2 * LABEL_SIZE + 8 ? casenessEnd + 16 : 4,
        });
      }
      const { ctx } = u;
      const r = 5 * px();
      ctx.save();
      for (const point of points) {
        const x = u.valToPos(xOf(point.week), 'x', true);
        const y = u.valToPos(point.total, 'y', true);
        if (point.riskAnswers.length > 0) {
          ctx.beginPath();
          ctx.arc(x, y, r * 1.9, 0, 2 * Math.PI);
          ctx.strokeStyle = colours.risk;
          ctx.lineWidth = 2.5 * px();
          ctx.setLineDash([]);
          ctx.stroke();
        }
        const shape = shapeOf(point);
        drawShape(ctx, shape, x, y, r);
        ctx.fillStyle =
          shape === 'triangle-up'
            ? colours.deterioration
            : shape === 'triangle-down'
              ? colours.improvement
              : colours.line;
        ctx.fill();
        ctx.strokeStyle = colours.surface;
        ctx.lineWidth = 1.5 * px();
        ctx.stroke();
      }
      ctx.restore();
      // The buttons over the canvas follow the points (CSSOM: allowed by the page's CSP).
      const over = u.over;
      points.forEach((point, i) => {
        const button = buttons.current[i];
        if (!button) return;
        button.style.left = `${over.offsetLeft + u.valToPos(xOf(point.week), 'x')}px`;
        button.style.top = `${over.offsetTop + u.valToPos(point.total, 'y')}px`;
      });
    };

    // Baseline (0), the programme weeks, and the follow-up last.
    const ticks = [...Array.from({ length: PROGRAMME_WEEKS + 1 }, (_, week) => week), FOLLOW_UP_X];
    const options: uPlot.Options = {
      width: element.clientWidth,
      height: HEIGHT,
      legend: { show: false },
      cursor: { y: false, drag: { x: false, y: false }, points: { size: 14, width: 2 } },
      scales: {
        x: { time: false, range: [-0.5, FOLLOW_UP_X + 1.25] },
        y: { range: [definition.min, definition.max] },
      },
      axes: [
        {
          label: text.xLabel,
          size: 30,
          labelSize: 24,
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid },
          splits: () => ticks,
          values: (_u, splits) =>
            splits.map((week) =>
              week === 0 ? text.baselineWeek : week === FOLLOW_UP_X ? text.followUpWeek : String(week),
            ),
        },
        {
          label: text.yLabel,
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid },
          size: 44,
        },
      ],
      series: [{}, { label: text.yLabel, stroke: colours.line, width: 2, points: { show: false } }],
      hooks: {
        drawClear: [drawBackground],
        draw: [drawOverlay],
        setCursor: [
          (u) => {
            if (u.cursor.idx !== null && u.cursor.idx !== undefined) hovered(u.cursor.idx);
          },
        ],
      },
    };
    const u = new uPlot(options, [points.map((p) => xOf(p.week)), points.map((p) => p.total)], element);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [trend, text]);

  const focusPoint = (index: number) => {
    const point = trend.points[index];
    const u = plot.current;
    if (point && u)
      u.setCursor({ left: u.valToPos(xOf(point.week), 'x'), top: u.valToPos(point.total, 'y') });
    onActive(index);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = trend.points.length - 1;
    const next: Record<string, number> = {
      ArrowRight: Math.min(last, index + 1),
      ArrowDown: Math.min(last, index + 1),
      ArrowLeft: Math.max(0, index - 1),
      ArrowUp: Math.max(0, index - 1),
      Home: 0,
      End: last,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    buttons.current[target]?.focus();
  };

  return (
    <div className="trend-chart">
      <div ref={container} className="trend-canvas" aria-hidden="true" />
      <div className="trend-points" role="group" aria-label={pointsLabel}>
        {trend.points.map((point, i) => (
          <button
            key={point.responseId ?? point.week}
            ref={(button) => {
              buttons.current[i] = button;
            }}
            type="button"
            className="trend-point"
            data-testid="trend-point"
            data-week={point.week}
            tabIndex={i === active ? 0 : -1}
            aria-label={text.point(i)}
            aria-describedby={describedBy}
            onFocus={() => focusPoint(i)}
            onKeyDown={(event) => onKeyDown(event, i)}
          />
        ))}
      </div>
    </div>
  );
}
