// A generated Markdown document (the conformance matrix, the kill matrix) as an HTML page in the style of the
// HTML report: headings, paragraphs, lists and pipe tables, which is all those documents use.
import { esc, page } from './html.js';

/** Inline Markdown: `code`, **bold**, [text](link) (kept as text: the page fetches nothing). */
function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

function table(lines: string[]): string {
  const [head, align, ...rows] = lines;
  const right = cellsOf(align).map((a) => a.endsWith(':'));
  const cell = (tag: string, c: string, i: number) =>
    `<${tag}${right[i] ? ' style="text-align:right"' : ''}>${inline(c)}</${tag}>`;
  return `<table><thead><tr>${cellsOf(head)
    .map((c, i) => cell('th', c, i))
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${cellsOf(r)
          .map((c, i) => cell('td', c, i))
          .join('')}</tr>`,
    )
    .join('\n')}</tbody></table>`;
}

export function markdownPage(title: string, markdown: string): string {
  const out: string[] = [];
  const blocks = markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\n\s*\n/);
  for (const block of blocks.map((b) => b.trim()).filter(Boolean)) {
    const lines = block.split('\n');
    const heading = /^(#{1,4}) (.*)$/.exec(lines[0]);
    if (heading && lines.length === 1)
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    else if (lines.length >= 2 && lines[0].startsWith('|') && /^\|[\s:|-]+\|$/.test(lines[1].trim()))
      out.push(table(lines));
    else if (lines.every((l) => /^\s*- /.test(l) || /^\s{2,}\S/.test(l)))
      out.push(
        `<ul>${block
          .split(/\n(?=\s*- )/)
          .map((item) => `<li>${inline(item.replace(/^\s*- /, ''))}</li>`)
          .join('\n')}</ul>`,
      );
    else out.push(`<p>${inline(block)}</p>`);
  }
  return page(title, out.join('\n'));
}
