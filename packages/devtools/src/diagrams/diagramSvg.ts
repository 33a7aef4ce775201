import { DiagramBox, DiagramPage } from './drawioModel';

const MARGIN = 20;
const LINE_HEIGHT = 15;

const escapeXml = (value: string) =>
  value.replace(
    /[<>&"]/g,
    c => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot' }[c]};`,
  );

const centre = (box: DiagramBox) => ({
  x: box.x + box.width / 2,
  y: box.y + box.height / 2,
});

/** Where the line from the box's centre towards (x, y) leaves the box. */
function border(box: DiagramBox, toward: { x: number; y: number }) {
  const c = centre(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  const scale = Math.min(
    dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : box.height / 2 / Math.abs(dy),
  );
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

function textLines(lines: string[], x: number, y: number, extra = ''): string {
  const top = y - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return lines
    .map(
      (line, i) =>
        `<text x="${x}" y="${
          top + i * LINE_HEIGHT
        }" text-anchor="middle" dominant-baseline="middle" ${extra}>${escapeXml(
          line,
        )}</text>`,
    )
    .join('');
}

/** A page as SVG: rounded boxes with their colours and labels, straight arrows between them. */
export function diagramSvg(page: DiagramPage): {
  svg: string;
  width: number;
  height: number;
} {
  const width = Math.max(...page.boxes.map(b => b.x + b.width), 0) + MARGIN * 2;
  const height =
    Math.max(...page.boxes.map(b => b.y + b.height), 0) + MARGIN * 2;
  const byId = new Map(page.boxes.map(b => [b.id, b]));
  const boxes = page.boxes.map(
    box =>
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${
        box.height
      }" rx="${box.style.rounded === '1' ? 10 : 0}" fill="${
        box.style.fillColor ?? '#ffffff'
      }" stroke="${box.style.strokeColor ?? '#000000'}"/>${textLines(
        box.label,
        centre(box).x,
        centre(box).y,
      )}`,
  );
  const edges = page.edges.flatMap(edge => {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) return [];
    const from = border(source, centre(target));
    const to = border(target, centre(source));
    const dash = edge.style.dashed === '1' ? ' stroke-dasharray="6 4"' : '';
    const label = textLines(
      edge.label,
      (from.x + to.x) / 2,
      (from.y + to.y) / 2,
      'font-size="11" fill="#333333" paint-order="stroke" stroke="#ffffff" stroke-width="4"',
    );
    return [
      `<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" stroke="#333333"${dash} marker-end="url(#arrow)"/>${label}`,
    ];
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${-MARGIN} ${-MARGIN} ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>
<rect x="${-MARGIN}" y="${-MARGIN}" width="${width}" height="${height}" fill="#ffffff"/>
${edges.join('\n')}
${boxes.join('\n')}
</svg>`;
  return { svg, width, height };
}
