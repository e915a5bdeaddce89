// The preview clip's shortcut (look at the first ~200 characters only) must give exactly what
// collapsing and trimming the first 800 characters gives: compared here with that algorithm,
// written out plainly, over texts built to hit every branch.
import { describe, expect, it } from 'vitest';
import { clip, PREVIEW_MAX_CHARS } from '../../../src/genai/messages/preview.js';

function referenceClip(text: string): string | null {
  const flat = text.slice(0, PREVIEW_MAX_CHARS * 4).replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return null;
  return flat.length > PREVIEW_MAX_CHARS ? `${flat.slice(0, PREVIEW_MAX_CHARS - 1)}…` : flat;
}

/** Deterministic texts (mulberry32), so a failure reproduces. */
function randomTexts(count: number, seed: number): string[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pieces = ['word', 'a', ' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\u2028', '\ufeff', '😀', 'é'];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(random() * 1000);
    const plainRun = random() < 0.5; // most real text: words and single spaces only
    let text = '';
    while (text.length < length) text += plainRun ? (random() < 0.2 ? ' ' : 'word') : pieces[Math.floor(random() * pieces.length)]!;
    texts.push(text);
  }
  return texts;
}

describe('preview clip', () => {
  it('agrees with collapsing and trimming the first 800 characters', () => {
    const edges = [
      '', ' ', 'x', ' '.repeat(900), 'x'.repeat(201), 'x'.repeat(202), 'x'.repeat(203), ' ' + 'x'.repeat(300),
      'x'.repeat(202) + ' '.repeat(700) + 'tail beyond 800', 'x'.repeat(150) + '\u3000' + 'x'.repeat(300),
      'x'.repeat(210) + '\n\n' + 'y'.repeat(100), ' ' + 'x'.repeat(201) + ' \t', 'x'.repeat(198) + '😀' + 'x'.repeat(100),
      ' ' + 'x'.repeat(200) + ' '.repeat(600), // trims to exactly 200 characters: no ellipsis
    ];
    for (const text of [...edges, ...randomTexts(3000, 7)]) expect(clip(text), JSON.stringify(text.slice(0, 60))).toBe(referenceClip(text));
  });
});
