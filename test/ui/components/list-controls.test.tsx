// @vitest-environment happy-dom
// Component tests of the traces list's controls, rendered in happy-dom against a real
// tracelite fed with recorded OTLP: the project switcher lists the projects with their trace
// counts and switches; the filter toolbar offers the facet values the server has (tags
// included) and turns choices and typed text into the list's query.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProjectSwitcher } from '../../../src/ui/components/project-switcher.js';
import { TraceFilters } from '../../../src/ui/components/trace-filters.js';
import { EMPTY_QUERY, type TraceQuery } from '../../../src/ui/lib/trace-query.js';
import { sendCapture, startServerForComponents, type ComponentServer } from './real-server.js';

let server: ComponentServer;
/** Traces per copy of the capture (it holds several runs). */
let perCopy = 0;

beforeAll(async () => {
  server = await startServerForComponents();
  perCopy = (await sendCapture(server, 'openai-openinference', { tags: ['nightly', 'smoke'], userId: 'ada' })).length;
  await sendCapture(server, 'openai-openinference', { tags: ['nightly'] });
  await sendCapture(server, 'openai-openinference', {}, 'other');
}, 60_000);
afterAll(async () => {
  await server?.close();
});
afterEach(() => cleanup());

describe('ProjectSwitcher', () => {
  it('lists the projects with their trace counts and switches on choice', async () => {
    const onSwitch = vi.fn();
    render(<ProjectSwitcher current="default" onSwitch={onSwitch} />);
    const select = screen.getByLabelText('Project') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual([`default (${2 * perCopy} traces)`, `other (${perCopy} ${perCopy === 1 ? 'trace' : 'traces'})`]));
    expect(select.value).toBe('default');
    fireEvent.change(select, { target: { value: 'other' } });
    expect(onSwitch).toHaveBeenCalledWith('other');
  });

  it('keeps the project of the URL as an option when the server does not list it', async () => {
    render(<ProjectSwitcher current="fresh" onSwitch={() => undefined} />);
    const select = screen.getByLabelText('Project') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).toEqual(['fresh', 'default', 'other']));
    expect(select.value).toBe('fresh');
  });
});

describe('TraceFilters', () => {
  function renderFilters(query: TraceQuery = EMPTY_QUERY) {
    const changes: TraceQuery[] = [];
    render(<TraceFilters project="default" query={query} onChange={(q) => changes.push(q)} />);
    return changes;
  }

  it('offers the server’s facet values with counts, tags included, and emits a choice', async () => {
    const changes = renderFilters();
    const tags = await screen.findByLabelText('Tags') as HTMLSelectElement;
    expect([...tags.options].map((o) => o.textContent)).toEqual(['Any', `nightly (${2 * perCopy})`, `smoke (${perCopy})`]);
    const user = screen.getByLabelText('User') as HTMLSelectElement;
    expect([...user.options].map((o) => o.textContent)).toEqual(['Any', `ada (${perCopy})`]);
    fireEvent.change(tags, { target: { value: 'smoke' } });
    expect(changes.at(-1)).toEqual({ ...EMPTY_QUERY, facets: { tags: 'smoke' } });
  });

  it('sends typed text as the search after a pause, and at once on Enter', async () => {
    const changes = renderFilters();
    const box = screen.getByLabelText('Search traces') as HTMLInputElement;
    fireEvent.input(box, { target: { value: 'weather' } });
    expect(changes).toEqual([]);
    await waitFor(() => expect(changes.at(-1)).toEqual({ ...EMPTY_QUERY, search: 'weather' }));
    fireEvent.input(box, { target: { value: 'lisbon' } });
    fireEvent.submit(box.form!);
    expect(changes.at(-1)).toEqual({ ...EMPTY_QUERY, search: 'lisbon' });
  });

  it('narrows to errors and to a time window', async () => {
    const changes = renderFilters();
    fireEvent.click(screen.getByLabelText('Errors only'));
    expect(changes.at(-1)).toMatchObject({ errorsOnly: true });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '3600000' } });
    expect(changes.at(-1)).toMatchObject({ sinceMs: 3_600_000 });
  });
});
