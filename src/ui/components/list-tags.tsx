// A trace's tags as small chips beside its name in the list (GitHub-label style). A few are
// shown and the rest counted ("+2"), all of them on hover: the row is one line high.

const SHOWN = 3;

export function TagChips({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const hidden = tags.length - SHOWN;
  return (
    <span class="list-tags" title={tags.join(', ')}>
      <span class="sr-only">tags:</span>
      {tags.slice(0, SHOWN).map((tag) => <span key={tag} class="tag-chip">{tag}</span>)}
      {hidden > 0 && <span class="tag-chip more">+{hidden}</span>}
    </span>
  );
}
