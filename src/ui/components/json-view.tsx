// Raw data as collapsible, copyable JSON (attributes, events, links, resource, scope).
export function JsonView({ title, value, open = false }: { title: string; value: unknown; open?: boolean }) {
  const text = JSON.stringify(value, null, 2);
  return (
    <details open={open}>
      <summary>{title}</summary>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(text)} aria-label={`Copy ${title} as JSON`}>Copy</button>
      <pre class="json" tabIndex={0}>{text}</pre>
    </details>
  );
}
