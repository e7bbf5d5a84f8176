// Renders spec/gru.md, the people's view of spec/clauses.json (`npm run spec:docs`; a test keeps it current).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Clause, loadClauses } from './clauses.js';

const INTRO = `# The torch.nn.GRU forward contract

<!-- Generated from spec/clauses.json by \`npm run spec:docs\`; edit the JSON, not this file. -->

This is the contract gru-conformance checks: what \`torch.nn.GRU\` (torch 2.15, CPU) computes and rejects in
its forward pass and the gradients of its backward pass (\`gru.grad.*\`), as clauses with stable ids. Tests, properties, goldens and reports cite these ids. Ids are
never renamed, only deprecated (\`status\`). Errors are identified by clause id, never by message text,
because PyTorch's wording changes between versions; the goldens record the current text as evidence.

Notation: \`L\` sequence length, \`N\` batch size, \`H_in\` = input_size, \`H_out\` = hidden_size,
\`D\` = 2 if bidirectional else 1. The reference oracle computes every dtype in float64
(\`gru.dtype.float64-reference\`); how results are judged is in [tolerance.md](tolerance.md), the subprocess
protocol in [protocol.md](protocol.md).
`;

function render(c: Clause): string {
  const lines = [
    `### \`${c.id}\`: ${c.title}`,
    '',
    c.kind === 'equation' ? `\`${c.statement}\`` : c.statement,
    '',
  ];
  if (c.error)
    lines.push(
      `- Rejected with \`${c.error.type}\` at ${c.error.stage === 'construct' ? 'construction' : c.error.stage}.`,
    );
  lines.push(`- Source: ${c.source.map((s) => `\`${s}\``).join('; ')}.`);
  if (c.notes) lines.push(`- Note: ${c.notes}`);
  if (c.status !== 'active')
    lines.push(`- Status: ${c.status}${c.replacedBy ? `, replaced by \`${c.replacedBy}\`` : ''}.`);
  return `${lines.join('\n')}\n`;
}

export function renderSpec(): string {
  const spec = loadClauses();
  const sections = Object.entries(spec.areas).map(([area, about]) => {
    const clauses = spec.clauses.filter((c) => c.id.split('.')[1] === area);
    return `## ${area}: ${about}\n\n${clauses.map(render).join('\n')}`;
  });
  return `${INTRO}\n${sections.join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(fileURLToPath(new URL('./gru.md', import.meta.url)), renderSpec());
}
